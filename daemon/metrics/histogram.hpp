// A lock-free histogram of durations with fixed buckets, the shape Prometheus scrapes.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace ember::daemon {

// Bucket upper bounds in seconds for invocation-scale latencies: a warm call on
// bare metal takes tens of microseconds, the longest timeouts are seconds.
inline constexpr std::array<double, 19> latency_buckets_seconds = {
    10e-6, 25e-6, 50e-6,  100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3,
    25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1.0,    2.5,  5.0,    10.0};

// What a scrape sees. cumulative_counts[i] counts the observations <= upper_bounds[i];
// its one extra, last entry is the +Inf bucket and equals count.
struct HistogramSnapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative_counts;
    std::uint64_t count = 0;
    std::chrono::nanoseconds sum{0};

    double sum_seconds() const;
};

// observe() is wait-free (relaxed atomic adds) and may run on any thread while
// snapshot() reads. A snapshot taken meanwhile is not a single instant: its sum may
// lag or lead its count by the observations in flight, as in every Prometheus client.
class Histogram {
  public:
    // upper_bounds_seconds must be positive, finite and strictly increasing
    // (std::invalid_argument otherwise). +Inf is implicit.
    explicit Histogram(std::span<const double> upper_bounds_seconds);
    Histogram(const Histogram&) = delete;
    Histogram& operator=(const Histogram&) = delete;

    // A duration equal to a bound counts in that bucket (Prometheus's `le`).
    // Negative durations count as zero.
    void observe(std::chrono::nanoseconds duration);
    HistogramSnapshot snapshot() const;

  private:
    std::size_t bucket_index(std::uint64_t nanoseconds) const;

    std::vector<double> bounds_seconds_;
    // The bounds in whole nanoseconds, so that comparing with an observation is exact.
    std::vector<std::uint64_t> bounds_ns_;
    // Per bucket, not cumulative (one add per observation); the last is +Inf.
    // The count is their total, so the +Inf bucket and _count always agree.
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
    std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace ember::daemon
