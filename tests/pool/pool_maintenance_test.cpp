// What the pool's maintenance thread does: timeouts, refill, shrink, and
// what shutdown does to waiters and to leases still out.
#include "pool/pool.hpp"

#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("a waiter whose deadline passes is told so by the maintenance thread", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    const auto start = std::chrono::steady_clock::now();
    pool.acquire(start + 50ms, b.callback());

    REQUIRE_FALSE(b.get().ok());
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(b.get().error() == pool::AcquireError::timed_out);
    // Not answered inside acquire(): by the maintenance thread, once due.
    CHECK(b.thread() != std::this_thread::get_id());
    CHECK(waited >= 50ms);  // never early; how late depends on the machine
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.timed_out == 1);
    CHECK(stats.queued == 0);
}

TEST_CASE("an instance whose restore throws is destroyed and min refilled", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    pool::Pool pool(config(1, 2), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    fake_of(a.lease()).fail_restore = true;
    a.lease().release();
    CHECK(pool.stats().destroyed == 1);

    REQUIRE(eventually([&] { return pool.stats().ready == 1; }));
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.created == 2);
    CHECK(stats.busy == 0);
    CHECK(world->alive == 1);
}

TEST_CASE("ready instances above min that idle too long are destroyed, oldest first", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c, d;
    pool::Pool pool(config(1, 3, 0, 30ms), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    for (Outcome* o : {&a, &b, &c}) {
        pool.acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    const int newest = fake_of(c.lease()).id();
    for (Outcome* o : {&a, &b, &c})
        o->lease().release();

    REQUIRE(eventually([&] { return pool.stats().ready == 1; }));
    std::this_thread::sleep_for(100ms);  // and it stops at min
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.ready == 1);
    CHECK(stats.destroyed == 2);
    CHECK(world->alive == 1);
    pool.acquire(far_deadline(), d.callback());
    CHECK(fake_of(d.lease()).id() == newest);
}

TEST_CASE("an idle of milliseconds::max() never shrinks the pool", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    pool::Pool pool(config(0, 1, 0, std::chrono::milliseconds::max()), fake_factory(world),
                    maintenance);
    pool.acquire(far_deadline(), a.callback());
    a.lease().materialize();
    a.lease().release();
    std::this_thread::sleep_for(50ms);
    CHECK(pool.stats().ready == 1);
    CHECK(world->alive == 1);
}

TEST_CASE("a factory that keeps failing leaves the pool cold, with the reason", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    world->factory_fails = true;
    pool::Pool pool(config(1, 1), fake_factory(world), maintenance);
    CHECK_FALSE(pool.wait_warm(50ms));
    REQUIRE(eventually([&] { return !pool.last_error().empty(); }));
    CHECK(pool.last_error() == "factory failed");
    CHECK(pool.stats().create_failures >= 1);
    CHECK(pool.stats().creating <= 1);

    world->factory_fails = false;  // retried with backoff, not given up
    REQUIRE(pool.wait_warm(patience));
    CHECK(pool.last_error().empty());
    CHECK(pool.stats().ready == 1);
}

TEST_CASE("retries of a failing factory are spaced out", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    world->factory_fails = true;
    pool::Pool pool(config(1, 1), fake_factory(world), maintenance);
    REQUIRE(eventually([&] { return world->attempts >= 1; }));
    std::this_thread::sleep_for(200ms);
    // Backing off from 10 ms, doubling: about 5 attempts; a hot loop would
    // make thousands.
    CHECK(world->attempts <= 20);
}

TEST_CASE("shutdown fails the waiters and refuses new acquirers", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c, d;
    pool::Pool pool(config(1, 1, 4), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    pool.acquire(far_deadline(), b.callback());
    pool.acquire(far_deadline(), c.callback());
    pool.shutdown();
    for (Outcome* o : {&b, &c}) {
        REQUIRE(o->arrived());
        CHECK(o->get().error() == pool::AcquireError::shutting_down);
    }
    pool.acquire(far_deadline(), d.callback());
    REQUIRE(d.arrived());
    CHECK(d.get().error() == pool::AcquireError::shutting_down);
    CHECK_FALSE(pool.wait_warm(1ms));
    pool.shutdown();  // idempotent

    // The lease still out is destroyed when released, not kept.
    a.lease().release();
    CHECK(world->alive == 0);
    CHECK(pool.stats().ready == 0);
}

TEST_CASE("a lease may outlive its pool", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    auto pool = std::make_unique<pool::Pool>(config(2, 2), fake_factory(world), maintenance);
    REQUIRE(pool->wait_warm(patience));
    pool->acquire(far_deadline(), a.callback());
    pool.reset();
    CHECK(world->alive == 1);  // the ready one went with the pool
    a.lease().instance().call("", {}, far_deadline());
    a.lease().release();
    CHECK(world->alive == 0);
}

TEST_CASE("the last owner may drop the pool from a callback on its own thread", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    auto pool = std::make_shared<pool::Pool>(config(0, 1, 4), fake_factory(world), maintenance);
    pool->acquire(far_deadline(), a.callback());
    std::atomic<bool> dropped{false};
    pool->acquire(std::chrono::steady_clock::now() + 10ms,
                  [&dropped, keep = pool](pool::Acquired) mutable {
                      keep.reset();  // the last owner: ~Pool runs on the maintenance thread
                      dropped = true;
                  });
    pool.reset();
    REQUIRE(eventually([&] { return dropped.load(); }));
}
