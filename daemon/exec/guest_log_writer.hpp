// Writes what guests logged into emberd's own log. Guest lines are untrusted
// bytes: each is escaped (base/printable.hpp) and marked as a guest's —
// "guest NAME vN ID: TEXT" — so that none can pass for a line of the daemon's,
// and each function may write at most `lines_per_second` lines (a token
// bucket holding one second's worth), so that one function cannot flood the
// journal. The call's invocation id follows the version. Lines not written, whether over a call's
// caps (sandbox::GuestLog) or over the rate, are counted in /metrics and reported in one line per
// call, itself subject to the rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "daemon/metrics/metrics.hpp"
#include "sandbox/guest_log.hpp"

namespace ember::daemon {

class GuestLogWriter {
  public:
    using Clock = std::chrono::steady_clock;

    GuestLogWriter(Metrics& metrics, uint32_t lines_per_second);

    // Thread-safe.
    void write(const std::string& function, uint32_t version, std::string_view invocation_id,
               const sandbox::GuestLog& log);

  private:
    struct Bucket {
        double tokens;
        Clock::time_point refilled;
    };
    struct Allowance {
        uint64_t lines;  // of the call's lines, how many to write
        bool notice;     // whether the "N dropped" line may be written
    };
    Allowance allow(const std::string& function, uint64_t lines, bool dropping);

    Metrics& metrics_;
    const double rate_;
    std::mutex mutex_;
    std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace ember::daemon
