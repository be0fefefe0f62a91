// Running every attack at once beside the normal client, and the report
// (see abuse_run.hpp).
#include "loadtest/abuse_run.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

namespace ember::loadtest {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto fd_sample_interval = 100ms;
// The non-reader's requests carry this much (when the target takes a body),
// so that its unread replies fill the socket buffers soon.
constexpr std::size_t nonreader_body_bytes = 16 * 1024;

// The highest count of the server's open files seen, sampled now and then.
class FdPeak {
  public:
    explicit FdPeak(std::optional<pid_t> pid) : pid_(pid) {}
    void sample() {
        if (!pid_ || Clock::now() < next_) return;
        next_ = Clock::now() + fd_sample_interval;
        if (const auto count = open_fds(*pid_)) peak_ = std::max(peak_.value_or(0), *count);
    }
    std::optional<std::size_t> peak() const { return peak_; }

  private:
    std::optional<pid_t> pid_;
    std::optional<std::size_t> peak_;
    Clock::time_point next_{};
};

std::vector<std::unique_ptr<Attack>> start_attacks(const AbuseConfig& config) {
    const std::pair<AttackKind, unsigned> kinds[] = {
        {AttackKind::idle, config.counts.idle},
        {AttackKind::slowloris, config.counts.slowloris},
        {AttackKind::oversize, config.counts.oversize},
        {AttackKind::vanish, config.counts.vanish},
        {AttackKind::nonreader, config.counts.nonreader},
    };
    std::vector<std::unique_ptr<Attack>> attacks;
    for (const auto& [kind, clients] : kinds)
        if (clients > 0) attacks.push_back(std::make_unique<Attack>(kind, clients, config.attack));
    return attacks;
}

// Waits until the idle attack holds all its connections, or the limit.
unsigned wait_for_idle(const std::vector<std::unique_ptr<Attack>>& attacks,
                       std::chrono::milliseconds limit, FdPeak& fds) {
    const auto idle = std::find_if(attacks.begin(), attacks.end(),
                                   [](const auto& a) { return a->kind() == AttackKind::idle; });
    if (idle == attacks.end()) return 0;
    const auto give_up = Clock::now() + limit;
    while ((*idle)->holding() < (*idle)->clients() && Clock::now() < give_up) {
        fds.sample();
        std::this_thread::sleep_for(10ms);
    }
    return (*idle)->holding();
}

// Waits until the server holds no more files than before the run.
std::optional<std::size_t> settled_fds(pid_t pid, std::size_t before,
                                       std::chrono::milliseconds limit) {
    const auto give_up = Clock::now() + limit;
    for (;;) {
        const auto count = open_fds(pid);
        if (!count || *count <= before || Clock::now() >= give_up) return count;
        std::this_thread::sleep_for(50ms);
    }
}

std::string ms(double us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f ms", us / 1000.0);
    return text;
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", seconds);
    return text;
}

std::string fd_text(const std::optional<std::size_t>& count) {
    return count ? std::to_string(*count) : "?";
}

}  // namespace

std::optional<std::size_t> open_fds(pid_t pid) {
    std::error_code ec;
    std::size_t count = 0;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        ++count;
    if (ec) return std::nullopt;
    return count;
}

bool AbuseReport::passed() const {
    return normal.correct > 0 && normal.wrong == 0 && normal.failed == 0 && after_error.empty();
}

AbuseReport run_abuse(AbuseConfig config) {
    config.attack.endpoint = resolve(config.url);
    config.attack.host = config.url.host_header();
    const std::string nonreader_body =
        config.target.echo ? std::string(nonreader_body_bytes, 'n') : std::string();
    config.attack.pipelined_request =
        request_bytes(config.target.method, config.target.path, config.attack.host, nonreader_body);
    AbuseReport report;
    if (config.server_pid) report.fds_before = open_fds(*config.server_pid);
    FdPeak fds(config.server_pid);

    auto attacks = start_attacks(config);
    const auto ramp_start = Clock::now();
    report.idle_established = wait_for_idle(attacks, config.ramp_limit, fds);
    report.ramp_seconds = std::chrono::duration<double>(Clock::now() - ramp_start).count();
    {
        NormalClient client(config.attack.endpoint, config.attack.host, config.request_timeout);
        const auto start = Clock::now();
        const auto end = start + std::chrono::duration_cast<Clock::duration>(config.duration);
        while (Clock::now() < end) {
            client.check(config.target, report.normal);
            fds.sample();
            std::this_thread::sleep_for(config.normal_pause);
        }
        report.measured = Clock::now() - start;
    }
    for (auto& attack : attacks) {
        attack->stop();
        report.attacks.push_back({attack->kind(), attack->clients(), attack->tally()});
    }
    attacks.clear();
    report.fds_peak = fds.peak();
    // The server first closes what the attackers left behind, then answers.
    const auto left = Clock::now();
    if (config.server_pid && report.fds_before)
        report.fds_after =
            settled_fds(*config.server_pid, *report.fds_before, config.fd_settle_limit);
    report.settle_seconds = std::chrono::duration<double>(Clock::now() - left).count();
    {
        NormalClient client(config.attack.endpoint, config.attack.host, config.request_timeout);
        NormalResult after;
        client.check(config.target, after);
        if (after.correct != 1)
            report.after_error = after.first_errors.empty() ? "no answer" : after.first_errors[0];
    }
    return report;
}

std::string report_text(const AbuseConfig& config, const AbuseReport& report) {
    const NormalResult& n = report.normal;
    char line[256];
    std::string text;
    std::snprintf(line, sizeof line, "ember-abuse: %.1f s against http://%s, normal client: %s\n",
                  report.measured.count(), config.url.host_header().c_str(),
                  config.target.text().c_str());
    text += line;
    std::snprintf(line, sizeof line,
                  "attackers: %u idle keep-alive, %u slowloris, %u oversized body, %u half a "
                  "request, %u never reading\n",
                  config.counts.idle, config.counts.slowloris, config.counts.oversize,
                  config.counts.vanish, config.counts.nonreader);
    text += line;
    std::snprintf(line, sizeof line, "idle connections established: %u of %u in %.1f s\n",
                  report.idle_established, config.counts.idle, report.ramp_seconds);
    text += line;
    text += "normal client: " + std::to_string(n.requests()) + " requests, " +
            std::to_string(n.correct) + " correct, " + std::to_string(n.wrong) + " wrong, " +
            std::to_string(n.failed) + " failed\n";
    text += "  latency p50 " + ms(n.latency_us.percentile(50)) + ", p99 " +
            ms(n.latency_us.percentile(99)) + ", max " +
            ms(static_cast<double>(n.latency_us.max())) + "\n";
    for (const std::string& error : n.first_errors)
        text += "  error: " + error + "\n";
    text += "after the attackers left: " +
            (report.after_error.empty() ? std::string("answered correctly")
                                        : "FAILED: " + report.after_error) +
            "\n";
    if (config.server_pid)
        text += "server open files (pid " + std::to_string(*config.server_pid) +
                "): " + fd_text(report.fds_before) + " before, " + fd_text(report.fds_peak) +
                " at the most during, " + fd_text(report.fds_after) + " " +
                seconds_text(report.settle_seconds) + " after the attackers left\n";
    for (const AttackResult& attack : report.attacks)
        text += std::string(attack_name(attack.kind)) + " (" + std::to_string(attack.clients) +
                " clients):\n" + describe(attack.tally);
    text += report.passed() ? "PASS\n" : "FAIL\n";
    return text;
}

}  // namespace ember::loadtest
