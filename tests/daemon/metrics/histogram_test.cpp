// Tests daemon/metrics/histogram: bucket edges, cumulative snapshots, the sum,
// and exact counts under concurrent observers.
#include "daemon/metrics/histogram.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

using ember::daemon::Histogram;
using ember::daemon::latency_buckets_seconds;
using namespace std::chrono_literals;

namespace {

constexpr std::array<double, 3> small_bounds = {1e-3, 2e-3, 5e-3};

}  // namespace

TEST_CASE("a value equal to a bound counts in that bucket", "[histogram]") {
    Histogram histogram(latency_buckets_seconds);
    histogram.observe(10us);  // exactly the first bound
    histogram.observe(10001ns);
    histogram.observe(10s);  // exactly the last bound
    histogram.observe(10s + 1ns);
    const auto snapshot = histogram.snapshot();
    REQUIRE(snapshot.cumulative_counts.size() == latency_buckets_seconds.size() + 1);
    CHECK(snapshot.cumulative_counts[0] == 1);                                   // le=1e-05
    CHECK(snapshot.cumulative_counts[1] == 2);                                   // le=2.5e-05
    CHECK(snapshot.cumulative_counts[latency_buckets_seconds.size() - 1] == 3);  // le=10
    CHECK(snapshot.cumulative_counts.back() == 4);                               // +Inf
    CHECK(snapshot.count == 4);
}

TEST_CASE("every latency bound is exact at its own value", "[histogram]") {
    for (std::size_t i = 0; i < latency_buckets_seconds.size(); ++i) {
        Histogram histogram(latency_buckets_seconds);
        const auto bound = std::chrono::nanoseconds(
            static_cast<std::int64_t>(std::llround(latency_buckets_seconds[i] * 1e9)));
        histogram.observe(bound);
        const auto snapshot = histogram.snapshot();
        CHECK(snapshot.cumulative_counts[i] == 1);
        if (i > 0) CHECK(snapshot.cumulative_counts[i - 1] == 0);
    }
}

TEST_CASE("snapshots are cumulative and end in +Inf", "[histogram]") {
    Histogram histogram(small_bounds);
    histogram.observe(500us);
    histogram.observe(1500us);
    histogram.observe(1500us);
    histogram.observe(4ms);
    histogram.observe(1s);
    const auto snapshot = histogram.snapshot();
    CHECK(snapshot.upper_bounds == std::vector<double>(small_bounds.begin(), small_bounds.end()));
    CHECK(snapshot.cumulative_counts == std::vector<std::uint64_t>{1, 3, 4, 5});
    CHECK(snapshot.count == 5);
}

TEST_CASE("the sum is kept in nanoseconds and read in seconds", "[histogram]") {
    Histogram histogram(small_bounds);
    histogram.observe(1500ms);
    histogram.observe(250us);
    histogram.observe(-5ms);  // clamped to zero, still counted
    const auto snapshot = histogram.snapshot();
    CHECK(snapshot.sum == 1500250us);
    CHECK(snapshot.sum_seconds() == Approx(1.50025));
    CHECK(snapshot.count == 3);
    CHECK(snapshot.cumulative_counts[0] == 2);
}

TEST_CASE("an empty histogram is all zero", "[histogram]") {
    const auto snapshot = Histogram(small_bounds).snapshot();
    CHECK(snapshot.cumulative_counts == std::vector<std::uint64_t>{0, 0, 0, 0});
    CHECK(snapshot.count == 0);
    CHECK(snapshot.sum_seconds() == 0.0);
}

TEST_CASE("bounds must be positive and strictly increasing", "[histogram]") {
    CHECK_THROWS_AS(Histogram(std::array{1.0, 1.0}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(std::array{2.0, 1.0}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(std::array{0.0}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(std::array{-1.0}), std::invalid_argument);
    CHECK_NOTHROW(Histogram(std::array<double, 0>{}));
}

TEST_CASE("concurrent observers lose no counts", "[histogram]") {
    Histogram histogram(latency_buckets_seconds);
    constexpr int threads = 8;
    constexpr int per_thread = 20000;
    std::vector<std::thread> observers;
    observers.reserve(threads);
    for (int t = 0; t < threads; ++t) {
        observers.emplace_back([&histogram, t] {
            // Each thread alternates between a bucket of its own and a shared one.
            const auto own = std::chrono::microseconds(10 * (t + 1));
            for (int i = 0; i < per_thread; ++i)
                histogram.observe(i % 2 == 0 ? own : 7s);
        });
    }
    // Scrape while they run: cumulative counts must never decrease along the buckets.
    for (int i = 0; i < 50; ++i) {
        const auto snapshot = histogram.snapshot();
        for (std::size_t b = 1; b < snapshot.cumulative_counts.size(); ++b) {
            REQUIRE(snapshot.cumulative_counts[b] >= snapshot.cumulative_counts[b - 1]);
        }
    }
    for (auto& observer : observers)
        observer.join();

    const auto snapshot = histogram.snapshot();
    constexpr std::uint64_t total = std::uint64_t{threads} * per_thread;
    CHECK(snapshot.count == total);
    CHECK(snapshot.cumulative_counts.back() == total);
    CHECK(snapshot.cumulative_counts[latency_buckets_seconds.size() - 2] == total / 2);  // le=5
    std::int64_t expected_ns = 0;
    for (int t = 0; t < threads; ++t)
        expected_ns += 10'000LL * (t + 1) * (per_thread / 2);
    expected_ns += 7'000'000'000LL * threads * (per_thread / 2);
    CHECK(snapshot.sum.count() == expected_ns);
}
