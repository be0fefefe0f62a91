// The counters and histograms of one function: what Metrics keeps per function
// name, and a handle the invoke path may cache to skip the name lookup.
#include "daemon/metrics/function_metrics.hpp"

namespace ember::daemon {

FunctionMetrics::FunctionMetrics(Histogram& restore_durations)
    : total_(latency_buckets_seconds),
      in_sandbox_(latency_buckets_seconds),
      restore_durations_(restore_durations) {}

// Relaxed throughout: each counter is an independent tally, read only by scrapes.
std::uint64_t FunctionMetrics::load(const Counter& counter) {
    return counter.load(std::memory_order_relaxed);
}

void FunctionMetrics::increment(Counter& counter) {
    counter.fetch_add(1, std::memory_order_relaxed);
}

void FunctionMetrics::invocation(Outcome outcome, std::chrono::nanoseconds total,
                                 std::chrono::nanoseconds in_sandbox, bool cold_start) {
    increment(invocations_[index(outcome)]);
    if (cold_start) increment(cold_starts_);
    total_.observe(total);
    if (in_sandbox.count() > 0) in_sandbox_.observe(in_sandbox);
}

void FunctionMetrics::restore(std::chrono::nanoseconds duration) {
    increment(restores_);
    restore_durations_.observe(duration);
}

void FunctionMetrics::deploy(bool ok) {
    increment(ok ? deploys_ok_ : deploys_failed_);
}

void FunctionMetrics::guest_log_dropped(std::uint64_t lines) {
    guest_log_dropped_.fetch_add(lines, std::memory_order_relaxed);
}

std::uint64_t FunctionMetrics::invocations(Outcome outcome) const {
    return load(invocations_[index(outcome)]);
}

std::uint64_t FunctionMetrics::invocations() const {
    std::uint64_t all = 0;
    for (const Counter& counter : invocations_)
        all += load(counter);
    return all;
}

}  // namespace ember::daemon
