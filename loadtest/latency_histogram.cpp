// Log-linear bucketing of microsecond latencies (see latency_histogram.hpp).
#include "loadtest/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ember::loadtest {

// Below linear_limit a bucket is one microsecond. Above it, the power of two
// [2^k, 2^(k+1)) is cut into 128 buckets of 2^(k-7) µs each.
std::size_t LatencyHistogram::index_of(uint64_t value_us) {
    const uint64_t v = std::min(value_us, highest_trackable_us);
    if (v < linear_limit) return static_cast<std::size_t>(v);
    const unsigned k = static_cast<unsigned>(std::bit_width(v)) - 1;
    const uint64_t sub = (v >> (k - sub_bucket_bits)) - (uint64_t{1} << sub_bucket_bits);
    return static_cast<std::size_t>(
        linear_limit + (k - (sub_bucket_bits + 1)) * (uint64_t{1} << sub_bucket_bits) + sub);
}

double LatencyHistogram::midpoint_of(std::size_t index) {
    if (index < linear_limit) return static_cast<double>(index);
    const std::size_t above = index - linear_limit;
    const unsigned k = static_cast<unsigned>(above >> sub_bucket_bits) + sub_bucket_bits + 1;
    const uint64_t sub =
        (above & ((std::size_t{1} << sub_bucket_bits) - 1)) + (uint64_t{1} << sub_bucket_bits);
    const uint64_t width = uint64_t{1} << (k - sub_bucket_bits);
    return static_cast<double>(sub * width) + static_cast<double>(width - 1) / 2.0;
}

void LatencyHistogram::record(uint64_t value_us) {
    ++buckets_[index_of(value_us)];
    ++count_;
    min_ = std::min(min_, value_us);
    max_ = std::max(max_, value_us);
    sum_ += static_cast<double>(value_us);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < bucket_count; ++i)
        buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

double LatencyHistogram::mean() const {
    return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

double LatencyHistogram::percentile(double p) const {
    if (count_ == 0) return 0.0;
    // The tolerance keeps 99.9% of 1000 at rank 999: in binary, 99.9 / 100
    // times 1000 comes out a hair above 999.
    const double share = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(count_);
    const double wanted = std::ceil(share - 1e-9);
    const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
    uint64_t seen = 0;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        seen += buckets_[i];
        if (seen >= rank)
            return std::clamp(midpoint_of(i), static_cast<double>(min_), static_cast<double>(max_));
    }
    return static_cast<double>(max_);
}

}  // namespace ember::loadtest
