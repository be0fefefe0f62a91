// A lock-free histogram of durations with fixed buckets, the shape Prometheus scrapes.
#include "daemon/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ember::daemon {

namespace {

// Bounds above this would overflow a uint64 count of nanoseconds.
constexpr double max_bound_seconds = 1e9;

std::uint64_t to_nanoseconds(double seconds) {
    if (!std::isfinite(seconds) || seconds <= 0 || seconds > max_bound_seconds) {
        throw std::invalid_argument("histogram bounds must be positive, finite seconds");
    }
    // llround: 10e-6 * 1e9 is 10000.000000000002 in binary floating point.
    return static_cast<std::uint64_t>(std::llround(seconds * 1e9));
}

}  // namespace

double HistogramSnapshot::sum_seconds() const {
    return static_cast<double>(sum.count()) / 1e9;
}

Histogram::Histogram(std::span<const double> upper_bounds_seconds)
    : bounds_seconds_(upper_bounds_seconds.begin(), upper_bounds_seconds.end()),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds_seconds.size() + 1)) {
    bounds_ns_.reserve(bounds_seconds_.size());
    for (const double seconds : bounds_seconds_) {
        const std::uint64_t ns = to_nanoseconds(seconds);
        if (!bounds_ns_.empty() && ns <= bounds_ns_.back()) {
            throw std::invalid_argument("histogram bounds must be strictly increasing");
        }
        bounds_ns_.push_back(ns);
    }
}

std::size_t Histogram::bucket_index(std::uint64_t nanoseconds) const {
    // The first bound >= the value; past the end is the +Inf bucket.
    const auto bound = std::lower_bound(bounds_ns_.begin(), bounds_ns_.end(), nanoseconds);
    return static_cast<std::size_t>(bound - bounds_ns_.begin());
}

void Histogram::observe(std::chrono::nanoseconds duration) {
    const std::uint64_t ns =
        duration.count() > 0 ? static_cast<std::uint64_t>(duration.count()) : 0;
    // Relaxed: the counters are independent tallies; nothing is published through them.
    buckets_[bucket_index(ns)].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(ns, std::memory_order_relaxed);
}

HistogramSnapshot Histogram::snapshot() const {
    HistogramSnapshot snapshot;
    snapshot.upper_bounds = bounds_seconds_;
    snapshot.cumulative_counts.reserve(bounds_ns_.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_ns_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        snapshot.cumulative_counts.push_back(running);
    }
    snapshot.count = running;
    snapshot.sum = std::chrono::nanoseconds(
        static_cast<std::int64_t>(sum_ns_.load(std::memory_order_relaxed)));
    return snapshot;
}

}  // namespace ember::daemon
