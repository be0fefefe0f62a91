// The counters and histograms of one function: what Metrics keeps per function
// name, and a handle the invoke path may cache to skip the name lookup.
#pragma once

#include "daemon/metrics/histogram.hpp"
#include "daemon/metrics/outcome.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace ember::daemon {

// Every member function is thread-safe and lock-free. Counters never go back
// (Prometheus counters are monotonic while their series lives).
class FunctionMetrics {
  public:
    // restore_durations: the histogram of every function's restores, owned by Metrics.
    explicit FunctionMetrics(Histogram& restore_durations);
    FunctionMetrics(const FunctionMetrics&) = delete;
    FunctionMetrics& operator=(const FunctionMetrics&) = delete;

    // total: inside the daemon, arrival to reply. in_sandbox: inside the VM; zero
    // means the call never reached one (rejected, queued out) and is not observed.
    void invocation(Outcome outcome, std::chrono::nanoseconds total,
                    std::chrono::nanoseconds in_sandbox, bool cold_start);
    void restore(std::chrono::nanoseconds duration);
    void deploy(bool ok);
    // Guest log lines not written: over a call's caps or the function's rate.
    void guest_log_dropped(std::uint64_t lines);

    std::uint64_t invocations(Outcome outcome) const;
    std::uint64_t invocations() const;  // every outcome
    std::uint64_t cold_starts() const { return load(cold_starts_); }
    std::uint64_t overloaded() const { return load(invocations_[index(Outcome::overloaded)]); }
    std::uint64_t restores() const { return load(restores_); }
    std::uint64_t deploys(bool ok) const { return load(ok ? deploys_ok_ : deploys_failed_); }
    std::uint64_t guest_log_dropped() const { return load(guest_log_dropped_); }
    HistogramSnapshot total_durations() const { return total_.snapshot(); }
    HistogramSnapshot sandbox_durations() const { return in_sandbox_.snapshot(); }

  private:
    using Counter = std::atomic<std::uint64_t>;
    static std::uint64_t load(const Counter& counter);
    static void increment(Counter& counter);
    static std::size_t index(Outcome outcome) { return static_cast<std::size_t>(outcome); }

    std::array<Counter, outcome_count> invocations_{};
    Counter cold_starts_{0};
    Counter restores_{0};
    Counter deploys_ok_{0};
    Counter deploys_failed_{0};
    Counter guest_log_dropped_{0};
    Histogram total_;
    Histogram in_sandbox_;
    Histogram& restore_durations_;
};

}  // namespace ember::daemon
