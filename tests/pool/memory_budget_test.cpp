// MemoryBudget: reservations up to the limit, never past it; and a
// MemoryReservation's share, given back when it goes.
#include "pool/memory_budget.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <thread>
#include <vector>

using namespace ember;

TEST_CASE("a budget hands out bytes up to its limit and takes them back", "[memory_budget]") {
    pool::MemoryBudget budget(100);
    CHECK(budget.try_reserve(60));
    CHECK_FALSE(budget.try_reserve(41));
    CHECK(budget.used() == 60);  // a refusal takes nothing
    CHECK(budget.try_reserve(40));
    CHECK_FALSE(budget.try_reserve(1));
    budget.release(30);
    CHECK(budget.used() == 70);
    CHECK(budget.try_reserve(30));
    CHECK(budget.used() == budget.limit());
}

TEST_CASE("a reservation too large to add up is refused, not wrapped around", "[memory_budget]") {
    constexpr auto huge = std::numeric_limits<std::uint64_t>::max();
    pool::MemoryBudget budget(1000);
    CHECK(budget.try_reserve(10));
    CHECK_FALSE(budget.try_reserve(huge));
    CHECK_FALSE(budget.try_reserve(huge - 5));
    CHECK(budget.used() == 10);

    auto shared = std::make_shared<pool::MemoryBudget>(1000);
    pool::MemoryReservation reservation(shared, huge / 2);
    CHECK_FALSE(reservation.grow_to(3));  // 3 × huge/2 overflows
    CHECK(shared->used() == 0);
}

TEST_CASE("threads racing for a budget never take more than its limit", "[memory_budget]") {
    pool::MemoryBudget budget(1000);
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i)
                if (budget.try_reserve(3)) ++granted;
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    CHECK(granted == 333);
    CHECK(budget.used() == 999);
}

TEST_CASE("a reservation grows and shrinks by whole instances, and gives back what it holds",
          "[memory_budget]") {
    auto budget = std::make_shared<pool::MemoryBudget>(10);
    {
        pool::MemoryReservation a(budget, 3);
        CHECK(a.grow_to(2));
        CHECK(budget->used() == 6);
        CHECK(a.grow_to(1));  // holds at least one already: no change
        CHECK(a.instances() == 2);
        CHECK(budget->used() == 6);
        CHECK_FALSE(a.grow_to(4));  // 12 bytes do not fit in 10
        CHECK(a.instances() == 2);
        CHECK(budget->used() == 6);
        CHECK(a.grow_to(3));
        a.shrink_to(1);
        CHECK(budget->used() == 3);
        a.shrink_to(5);  // holds fewer already: no change
        CHECK(a.instances() == 1);
    }
    CHECK(budget->used() == 0);
}

TEST_CASE("without a budget every reservation is granted", "[memory_budget]") {
    pool::MemoryReservation unbounded(nullptr, std::uint64_t{1} << 40);
    CHECK(unbounded.grow_to(1'000'000));
    CHECK(unbounded.instances() == 1'000'000);
}
