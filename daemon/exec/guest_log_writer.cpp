// Guest lines into the daemon's log: escaped, marked, rate-limited.
#include "daemon/exec/guest_log_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/printable.hpp"

namespace ember::daemon {

GuestLogWriter::GuestLogWriter(Metrics& metrics, uint32_t lines_per_second)
    : metrics_(metrics), rate_(lines_per_second) {}

GuestLogWriter::Allowance GuestLogWriter::allow(const std::string& function, uint64_t lines,
                                                bool dropping) {
    const Clock::time_point now = Clock::now();
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(function);
    if (it == buckets_.end()) it = buckets_.emplace(function, Bucket{rate_, now}).first;
    Bucket& bucket = it->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(rate_, bucket.tokens + elapsed * rate_);
    bucket.refilled = now;
    const auto tokens = static_cast<uint64_t>(bucket.tokens);
    Allowance allowance{lines, false};
    // Whenever lines are dropped, the notice saying so takes the last token.
    if (dropping || lines > tokens) {
        allowance =
            tokens == 0 ? Allowance{0, false} : Allowance{std::min(lines, tokens - 1), true};
    }
    bucket.tokens -= static_cast<double>(allowance.lines + (allowance.notice ? 1 : 0));
    return allowance;
}

void GuestLogWriter::write(const std::string& function, uint32_t version,
                           std::string_view invocation_id, const sandbox::GuestLog& log) {
    if (log.empty()) return;
    const std::vector<std::string>& lines = log.lines();
    const Allowance allowed = allow(function, lines.size(), log.dropped() > 0);
    for (uint64_t i = 0; i < allowed.lines; ++i)
        spdlog::info("guest {} v{} {}: {}", function, version, invocation_id, printable(lines[i]));
    const uint64_t dropped = log.dropped() + (lines.size() - allowed.lines);
    if (dropped == 0) return;
    metrics_.guest_log_dropped(function, dropped);
    if (allowed.notice) {
        spdlog::warn(
            "guest {} v{} {}: {} log lines dropped (a call keeps {} lines and {} bytes; "
            "a function writes {} lines per second)",
            function, version, invocation_id, dropped, sandbox::GuestLog::max_lines,
            sandbox::GuestLog::max_bytes, static_cast<uint64_t>(rate_));
    }
}

}  // namespace ember::daemon
