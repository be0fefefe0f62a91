// Tests of loadtest/schedule.cpp: intended send times, the warm-up and end
// of the window, claiming slots from several threads.
#include "loadtest/schedule.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>
#include <vector>

using namespace ember::loadtest;
using namespace std::chrono_literals;

TEST_CASE("the i-th request is due at start + i/rate", "[schedule]") {
    const Clock::time_point t0{};
    const OpenLoopSchedule s(RunWindow(t0, 0s, 10s), 500);
    CHECK(s.intended(0) == t0);
    CHECK(s.intended(1) == t0 + 2ms);
    CHECK(s.intended(500) == t0 + 1s);
    // Computed from the index, so no drift after millions of requests.
    CHECK(s.intended(2'500'000) == t0 + 5000s);
}

TEST_CASE("a fractional rate is kept exactly enough", "[schedule]") {
    const OpenLoopSchedule s(RunWindow(Clock::time_point{}, 0s, 100s), 3);
    const auto off = s.intended(299) - Clock::time_point{};
    CHECK(std::chrono::abs(off - std::chrono::duration_cast<Clock::duration>(99.666666666s)) < 1us);
}

TEST_CASE("slots in the warm-up are not measured, none is due at the end", "[schedule]") {
    const Clock::time_point t0{};
    const OpenLoopSchedule s(RunWindow(t0, 1s, 2s), 10);
    CHECK_FALSE(s.slot(9)->measured);     // 0.9 s
    CHECK(s.slot(10)->measured);          // 1.0 s
    CHECK(s.slot(29)->measured);          // 2.9 s
    CHECK_FALSE(s.slot(30).has_value());  // 3.0 s: the end
}

TEST_CASE("next() hands out every slot once, in order, then nothing", "[schedule]") {
    OpenLoopSchedule s(RunWindow(Clock::time_point{}, 0s, 1s), 100);
    for (uint64_t i = 0; i < 100; ++i) {
        const auto slot = s.next();
        REQUIRE(slot);
        CHECK(slot->index == i);
    }
    CHECK_FALSE(s.next());
    CHECK_FALSE(s.next());
}

TEST_CASE("threads claiming slots together get each exactly once", "[schedule]") {
    OpenLoopSchedule s(RunWindow(Clock::time_point{}, 0s, 10s), 10000);
    std::vector<std::vector<uint64_t>> claimed(4);
    {
        std::vector<std::jthread> threads;
        for (auto& mine : claimed)
            threads.emplace_back([&s, &mine] {
                while (const auto slot = s.next())
                    mine.push_back(slot->index);
            });
    }
    std::vector<uint64_t> all;
    for (const auto& mine : claimed) {
        CHECK(std::is_sorted(mine.begin(), mine.end()));
        all.insert(all.end(), mine.begin(), mine.end());
    }
    std::sort(all.begin(), all.end());
    REQUIRE(all.size() == 100000);
    for (uint64_t i = 0; i < all.size(); ++i)
        REQUIRE(all[i] == i);
}

TEST_CASE("a late slot keeps its intended time: the wait counts as latency", "[schedule]") {
    OpenLoopSchedule s(RunWindow(Clock::now() - 1s, 0s, 10s), 1000);
    const auto slot = s.next();
    REQUIRE(slot);
    CHECK(elapsed_us(slot->intended, Clock::now()) >= 1'000'000);
}

TEST_CASE("the run window", "[schedule]") {
    const Clock::time_point t0{};
    const RunWindow w(t0, 2s, 5s);
    CHECK_FALSE(w.measured(t0 + 1s));
    CHECK(w.measured(t0 + 2s));
    CHECK(w.measured(t0 + 6999ms));
    CHECK_FALSE(w.measured(t0 + 7s));
    CHECK(w.over(t0 + 7s));
    CHECK(w.measured_seconds() == Approx(5.0));
}

TEST_CASE("a rate of zero or less is refused", "[schedule]") {
    const RunWindow w(Clock::time_point{}, 0s, 1s);
    CHECK_THROWS_AS(OpenLoopSchedule(w, 0), std::invalid_argument);
    CHECK_THROWS_AS(OpenLoopSchedule(w, -5), std::invalid_argument);
}

TEST_CASE("elapsed_us rounds and never goes negative", "[schedule]") {
    const Clock::time_point t0{};
    CHECK(elapsed_us(t0, t0 + 1499ns) == 1);
    CHECK(elapsed_us(t0, t0 + 1500ns) == 2);
    CHECK(elapsed_us(t0 + 1s, t0) == 0);
}

TEST_CASE("closed loop: the pacer gives a slot due now until the window ends", "[schedule]") {
    const Clock::time_point t0{};
    Pacer pacer(RunWindow(t0, 1s, 2s), std::nullopt);
    const std::optional<Slot> warming = pacer.next(t0 + 500ms);
    REQUIRE(warming);
    CHECK(warming->intended == t0 + 500ms);
    CHECK_FALSE(warming->measured);
    const std::optional<Slot> measured = pacer.next(t0 + 2500ms);
    REQUIRE(measured);
    CHECK(measured->measured);
    CHECK_FALSE(pacer.next(t0 + 3s).has_value());
}

TEST_CASE("open loop: the pacer hands out the schedule's slots, whatever the time", "[schedule]") {
    const Clock::time_point t0{};
    Pacer pacer(RunWindow(t0, 0s, 1s), 2.0);
    CHECK(pacer.next(t0 + 10s)->intended == t0);
    CHECK(pacer.next(t0)->intended == t0 + 500ms);
    CHECK_FALSE(pacer.next(t0).has_value());
}
