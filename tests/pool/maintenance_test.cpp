// One Maintenance thread for many pools: warm-up and expiry on one thread,
// refills that do not hold up expiries, and shutdown in either order.
#include "pool/maintenance.hpp"

#include <deque>
#include <filesystem>
#include <future>
#include <iterator>
#include <memory>
#include <vector>

#include "pool/pool.hpp"
#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

namespace {

std::size_t thread_count() {
    const std::filesystem::directory_iterator tasks("/proc/self/task");
    return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

}  // namespace

TEST_CASE("200 pools on one Maintenance warm up and expire their waiters on its thread", "[pool]") {
    constexpr std::size_t pools = 200;
    auto world = std::make_shared<FakeWorld>();
    std::deque<Outcome> holders(pools);
    std::deque<Outcome> waiters(pools);
    const std::size_t threads_before = thread_count();
    pool::Maintenance maintenance;
    CHECK(thread_count() == threads_before + 1);
    std::vector<std::unique_ptr<pool::Pool>> all;
    for (std::size_t i = 0; i < pools; ++i)
        all.push_back(
            std::make_unique<pool::Pool>(config(1, 1, 1), fake_factory(world), maintenance));
    CHECK(thread_count() == threads_before + 1);
    for (auto& pool : all)
        REQUIRE(pool->wait_warm(patience));
    CHECK(world->made == static_cast<int>(pools));

    const auto deadline = std::chrono::steady_clock::now() + 100ms;
    for (std::size_t i = 0; i < pools; ++i) {
        all[i]->acquire(far_deadline(), holders[i].callback());
        all[i]->acquire(deadline, waiters[i].callback());
    }
    for (std::size_t i = 0; i < pools; ++i) {
        REQUIRE_FALSE(waiters[i].get().ok());
        CHECK(waiters[i].get().error() == pool::AcquireError::timed_out);
        CHECK(waiters[i].arrived_at() >= deadline);  // never early
        CHECK(waiters[i].thread() == waiters[0].thread());
        CHECK(all[i]->stats().timed_out == 1);
    }
    CHECK(waiters[0].thread() != std::this_thread::get_id());
    CHECK(thread_count() == threads_before + 1);
}

TEST_CASE("a slow refill holds up other pools' expiries by one factory call at most", "[pool]") {
    constexpr std::size_t slow_min = 10;
    auto world = std::make_shared<FakeWorld>();
    auto slow_world = std::make_shared<FakeWorld>();
    slow_world->factory_delay_ms = 200;
    Outcome a;
    std::atomic<int> slow_made_at_expiry{-1};
    std::promise<void> expired;
    pool::Maintenance maintenance;
    pool::Pool fast(config(1, 1, 1), fake_factory(world), maintenance);
    REQUIRE(fast.wait_warm(patience));
    pool::Pool slow(config(slow_min, slow_min), fake_factory(slow_world), maintenance);
    REQUIRE(eventually([&] { return slow_world->attempts >= 1; }));

    fast.acquire(far_deadline(), a.callback());
    fast.acquire(std::chrono::steady_clock::now() + 50ms, [&](pool::Acquired) {
        slow_made_at_expiry = slow_world->made.load();
        expired.set_value();
    });
    REQUIRE(expired.get_future().wait_for(patience) == std::future_status::ready);
    // Had the expiry waited for the refills, all ten (2 s) would be made.
    CHECK(slow_made_at_expiry < static_cast<int>(slow_min));
}

TEST_CASE("pools below min take turns at the refills", "[pool]") {
    constexpr std::size_t big_min = 5;
    auto big_world = std::make_shared<FakeWorld>();
    big_world->factory_delay_ms = 50;
    auto world = std::make_shared<FakeWorld>();
    std::atomic<int> big_made_before_small{-1};
    const pool::Factory small_factory = [&, make = fake_factory(world)] {
        big_made_before_small = big_world->made.load();
        return make();
    };
    pool::Maintenance maintenance;
    pool::Pool big(config(big_min, big_min), fake_factory(big_world), maintenance);
    pool::Pool small(config(1, 1), small_factory, maintenance);
    REQUIRE(small.wait_warm(patience));
    // The big pool was first in the queue; after its first instance it
    // went to the back, behind the small one.
    CHECK(big_made_before_small == 1);
    REQUIRE(big.wait_warm(patience));
}

TEST_CASE("a pool destroyed with chores pending is forgotten, the others go on", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    auto failing_world = std::make_shared<FakeWorld>();
    failing_world->factory_fails = true;
    Outcome held, held_other, waiting_other;
    std::atomic<int> doomed_answers{0};
    std::atomic<bool> doomed_shut{false};
    pool::Maintenance maintenance;
    auto doomed = std::make_unique<pool::Pool>(config(1, 1, 4), fake_factory(world), maintenance);
    pool::Pool other(config(1, 1, 4), fake_factory(world), maintenance);
    // A refill backing off is a pending chore too.
    auto failing =
        std::make_unique<pool::Pool>(config(1, 1), fake_factory(failing_world), maintenance);
    REQUIRE(doomed->wait_warm(patience));
    REQUIRE(other.wait_warm(patience));
    REQUIRE(eventually([&] { return failing_world->attempts >= 1; }));

    const auto deadline = std::chrono::steady_clock::now() + 100ms;
    doomed->acquire(far_deadline(), held.callback());
    doomed->acquire(deadline, [&](pool::Acquired acquired) {
        ++doomed_answers;
        doomed_shut = !acquired.ok() && acquired.error() == pool::AcquireError::shutting_down;
    });
    other.acquire(far_deadline(), held_other.callback());
    other.acquire(deadline, waiting_other.callback());
    REQUIRE(held.get().ok());

    doomed.reset();
    failing.reset();
    CHECK(doomed_answers == 1);
    CHECK(doomed_shut);
    const int attempts = failing_world->attempts;

    REQUIRE_FALSE(waiting_other.get().ok());
    CHECK(waiting_other.get().error() == pool::AcquireError::timed_out);
    std::this_thread::sleep_for(50ms);  // past the backoff of the failed pool
    CHECK(doomed_answers == 1);
    CHECK(failing_world->attempts == attempts);
    held.lease().release();
    CHECK(world->alive == 1);  // other's: the doomed pool's went when released
}

TEST_CASE("shutdown waits for the pool's refill running on the maintenance thread", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    world->factory_delay_ms = 200;
    pool::Maintenance maintenance;
    pool::Pool pool(config(1, 1), fake_factory(world), maintenance);
    REQUIRE(eventually([&] { return world->attempts >= 1; }));
    pool.shutdown();
    CHECK(world->made == 1);  // the refill ended before shutdown() returned
    CHECK(world->alive == 0);
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.creating == 0);
    CHECK(stats.destroyed == 1);
    CHECK(world->attempts == 1);
}

TEST_CASE("a Maintenance may go after its pools are shut down, before they are destroyed",
          "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    auto maintenance = std::make_unique<pool::Maintenance>();
    Outcome a;
    pool::Pool pool(config(2, 2), fake_factory(world), *maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    pool.shutdown();
    maintenance.reset();
    CHECK(world->alive == 1);
    a.lease().release();
    CHECK(world->alive == 0);
    pool.shutdown();
}

TEST_CASE("a Maintenance destroyed first shuts down the pools still using it", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    auto maintenance = std::make_unique<pool::Maintenance>();
    Outcome a, b, c;
    pool::Pool pool(config(1, 1, 4), fake_factory(world), *maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    pool.acquire(far_deadline(), b.callback());
    CHECK_FALSE(b.arrived());

    maintenance.reset();
    REQUIRE(b.arrived());
    CHECK(b.thread() == std::this_thread::get_id());
    CHECK(b.get().error() == pool::AcquireError::shutting_down);
    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK(c.get().error() == pool::AcquireError::shutting_down);
    CHECK_FALSE(pool.wait_warm(1ms));
    a.lease().release();
    CHECK(world->alive == 0);
}
