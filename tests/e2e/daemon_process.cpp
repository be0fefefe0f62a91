// Running emberd as a child process: spawn with the output going to a log
// file, poll until it serves, stop it with signals, and always clean up.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/child_process.hpp"
#include "tests/skip.hpp"

extern char** environ;

namespace ember::e2e {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds poll_interval = 20ms;
constexpr int start_attempts = 3;
// Written to the log before each start (see last_run_log()).
constexpr std::string_view run_marker = "==== e2e: starting emberd";

// Whether the running test case has failed so far (set by the listener), so
// that a daemon's log is printed when, and only when, it can explain something.
std::atomic<bool> test_failed{false};

struct FailureListener : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;

    void testCaseStarting(const Catch::TestCaseInfo& info) override {
        test_failed = false;
        TestEventListenerBase::testCaseStarting(info);
    }

    bool assertionEnded(const Catch::AssertionStats& stats) override {
        if (!stats.assertionResult.isOk()) test_failed = true;
        return true;
    }
};

std::filesystem::path make_temp_dir() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    const auto path = std::filesystem::temp_directory_path() /
                      ("ember-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                       "-" + std::to_string(random()));
    std::filesystem::create_directories(path);
    return path;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

CATCH_REGISTER_LISTENER(FailureListener)

bool current_test_failed() {
    return test_failed.load();
}

std::filesystem::path emberd_path() {
    return std::filesystem::path(EMBER_BIN_DIR) / "emberd";
}

nlohmann::json base_config() {
    return {
        {"executor_threads", 2},
        {"io_threads", 1},
        {"drain_timeout_ms", 10000},
        {"function_defaults",
         {{"memory_mb", 16},
          {"pool_min", 1},
          {"pool_max", 4},
          {"max_queue", 8},
          {"timeout_ms", 1000}}},
    };
}

// Every e2e test runs real VMs: without /dev/kvm it is skipped, before
// anything is made.
DaemonOptions Daemon::on_kvm(DaemonOptions options) {
    REQUIRE_KVM();
    return options;
}

Daemon::Daemon(DaemonOptions options)
    : options_(on_kvm(std::move(options))), dir_(make_temp_dir()) {
    try {
        write_config();
        start(options_.wait_ready);
    } catch (...) {
        kill_and_reap();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
        throw;
    }
}

Daemon::~Daemon() {
    if ((current_test_failed() || std::uncaught_exceptions() > 0) && !log_dumped_) {
        std::cerr << "---- emberd log (" << log_path().string() << "), last lines ----\n"
                  << log_tail(80) << "---- end of emberd log ----\n";
    }
    kill_and_reap();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void Daemon::write_config() const {
    nlohmann::json config = base_config();
    config.merge_patch(options_.config);
    std::ofstream out(config_path());
    out << config.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + config_path().string());
}

void Daemon::spawn() {
    port_ = pick_free_port();
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> args = {emberd_path().string(),
                                     "--config",
                                     config_path().string(),
                                     "--listen",
                                     listen,
                                     "--data-dir",
                                     data_dir().string(),
                                     "--log-level",
                                     options_.log_level};
    const std::string log = log_path().string();
    pid_ = ember::test::start_child(std::move(args), log);
}

void Daemon::start(bool wait_ready_too) {
    REQUIRE(std::filesystem::exists(emberd_path()));
    for (int attempt = 1;; ++attempt) {
        {
            std::ofstream(log_path(), std::ios::app)
                << run_marker << " (attempt " << attempt << ") ====\n";
        }
        spawn();
        if (wait_healthy()) break;
        const bool exited = !running();
        kill_and_reap();
        // Another process may have taken the port between pick and bind.
        const bool port_taken = log_tail(20).find("in use") != std::string::npos;
        if (exited && port_taken && attempt < start_attempts) continue;
        log_dumped_ = true;
        FAIL("emberd did not answer /healthz within 20 s; log tail:\n" << log_tail());
    }
    if (wait_ready_too && !wait_ready()) {
        log_dumped_ = true;
        FAIL("emberd did not answer /readyz 200 within 20 s; log tail:\n" << log_tail());
    }
}

Response Daemon::request(std::string_view method, std::string_view target, std::string_view body,
                         const Headers& headers) const {
    return http_request(port_, method, target, body, headers);
}

namespace {

// Polls `path` until it answers 200, the child exits or the limit passes.
bool poll_until_ok(Daemon& daemon, std::string_view path, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (daemon.wait_exit(0ms)) return false;
        try {
            if (http_request(daemon.port(), "GET", path, {}, {}, 1s).status == 200) return true;
        } catch (const ClientError&) {
            // not listening yet
        }
        std::this_thread::sleep_for(poll_interval);
    }
    return false;
}

}  // namespace

bool Daemon::wait_healthy(std::chrono::milliseconds limit) {
    return running() && poll_until_ok(*this, "/healthz", limit);
}

bool Daemon::wait_ready(std::chrono::milliseconds limit) {
    return running() && poll_until_ok(*this, "/readyz", limit);
}

std::optional<int> Daemon::wait_exit(std::chrono::milliseconds limit) {
    if (pid_ <= 0) return std::nullopt;
    const auto deadline = Clock::now() + limit;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return decode_status(status);
        }
        if (done < 0 && errno != EINTR) {
            pid_ = -1;
            return -1;
        }
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

void Daemon::signal_terminate() {
    REQUIRE(running());
    ::kill(pid_, SIGTERM);
}

int Daemon::stop(std::chrono::milliseconds limit) {
    REQUIRE(running());
    ::kill(pid_, SIGTERM);
    if (const auto status = wait_exit(limit)) return *status;
    kill_and_reap();
    log_dumped_ = true;
    FAIL("emberd did not exit within " << limit.count() << " ms of SIGTERM; log tail:\n"
                                       << log_tail());
    return -1;
}

void Daemon::kill9() {
    REQUIRE(running());
    kill_and_reap();
}

void Daemon::restart(bool wait_ready_too) {
    REQUIRE_FALSE(running());
    start(wait_ready_too);
}

void Daemon::kill_and_reap() noexcept {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

std::string Daemon::log_text() const {
    std::ifstream in(log_path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string Daemon::last_run_log() const {
    const std::string text = log_text();
    const auto start = text.rfind(run_marker);
    return start == std::string::npos ? text : text.substr(start);
}

std::string Daemon::log_tail(std::size_t lines) const {
    std::ifstream in(log_path());
    std::deque<std::string> last;
    for (std::string line; std::getline(in, line);) {
        last.push_back(std::move(line));
        if (last.size() > lines) last.pop_front();
    }
    std::string text;
    for (const std::string& line : last)
        text += line + "\n";
    return text;
}

}  // namespace ember::e2e
