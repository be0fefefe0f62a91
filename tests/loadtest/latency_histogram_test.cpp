// Tests of loadtest/latency_histogram.cpp: exactness, relative error,
// percentiles, merge.
#include "loadtest/latency_histogram.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

using ember::loadtest::LatencyHistogram;

namespace {

// The histogram promises 1%; its buckets actually keep 0.4%.
bool within_one_percent(double got, double want) {
    return std::abs(got - want) <= 0.01 * want;
}

}  // namespace

TEST_CASE("an empty histogram reports zeros", "[histogram]") {
    const LatencyHistogram h;
    CHECK(h.count() == 0);
    CHECK(h.min() == 0);
    CHECK(h.max() == 0);
    CHECK(h.mean() == 0);
    CHECK(h.percentile(50) == 0);
}

TEST_CASE("values below 256 us are exact", "[histogram]") {
    for (uint64_t v = 0; v < 256; ++v) {
        LatencyHistogram h;
        h.record(v);
        REQUIRE(h.percentile(50) == static_cast<double>(v));
    }
}

TEST_CASE("any value from 1 us to 60 s comes back within 1%", "[histogram]") {
    for (double v = 1; v <= 60e6; v *= 1.013) {
        const auto value = static_cast<uint64_t>(v);
        LatencyHistogram h;
        h.record(1);  // keeps the clamp to [min, max] from hiding the bucket's error
        h.record(value);
        h.record(UINT32_MAX);
        INFO("value " << value);
        REQUIRE(within_one_percent(h.percentile(50), static_cast<double>(value)));
    }
}

TEST_CASE("percentiles of 1..10000 us", "[histogram]") {
    LatencyHistogram h;
    for (uint64_t v = 1; v <= 10000; ++v)
        h.record(v);
    CHECK(h.count() == 10000);
    CHECK(h.min() == 1);
    CHECK(h.max() == 10000);
    CHECK(h.mean() == Approx(5000.5));
    CHECK(within_one_percent(h.percentile(50), 5000));
    CHECK(within_one_percent(h.percentile(90), 9000));
    CHECK(within_one_percent(h.percentile(99), 9900));
    CHECK(within_one_percent(h.percentile(99.9), 9990));
    CHECK(h.percentile(100) == 10000);
    CHECK(h.percentile(0) == 1);
}

TEST_CASE("a rare stall shows in the tail, not in the median", "[histogram]") {
    LatencyHistogram h;
    for (int i = 0; i < 999; ++i)
        h.record(100);
    h.record(2'000'000);
    CHECK(h.percentile(50) == 100);
    CHECK(h.percentile(99.9) == 100);
    CHECK(h.percentile(99.95) == 2'000'000);
    CHECK(h.max() == 2'000'000);
}

TEST_CASE("values past the range keep an exact max", "[histogram]") {
    LatencyHistogram h;
    h.record(uint64_t{1} << 40);
    CHECK(h.max() == uint64_t{1} << 40);
    CHECK(h.percentile(100) == static_cast<double>(uint64_t{1} << 40));
}

TEST_CASE("merge is the same as recording everything in one", "[histogram]") {
    LatencyHistogram a, b, all;
    for (uint64_t v = 1; v <= 5000; ++v) {
        (v % 3 == 0 ? a : b).record(v * 7);
        all.record(v * 7);
    }
    LatencyHistogram merged;
    merged.merge(a);
    merged.merge(b);
    CHECK(merged.count() == all.count());
    CHECK(merged.min() == all.min());
    CHECK(merged.max() == all.max());
    CHECK(merged.mean() == Approx(all.mean()));
    for (double p : {1.0, 50.0, 90.0, 99.0, 99.9})
        CHECK(merged.percentile(p) == all.percentile(p));
}

TEST_CASE("merging an empty histogram changes nothing", "[histogram]") {
    LatencyHistogram h;
    h.record(42);
    h.merge(LatencyHistogram{});
    CHECK(h.count() == 1);
    CHECK(h.min() == 42);
    CHECK(h.max() == 42);
}
