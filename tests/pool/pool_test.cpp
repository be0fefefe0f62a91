// Pool::acquire and Lease: the four answers, reuse order, handover, limits.
#include "pool/pool.hpp"

#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("a pool makes min instances in the background", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    pool::Pool pool(config(3, 5), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.ready == 3);
    CHECK(stats.busy == 0);
    CHECK(stats.created == 3);
    CHECK(stats.cold_starts == 0);
    CHECK(pool.last_error().empty());
}

TEST_CASE("a ready instance is handed out at once, most recently used first", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    pool::Pool pool(config(2, 2), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));

    pool.acquire(far_deadline(), a.callback());
    pool.acquire(far_deadline(), b.callback());
    REQUIRE(a.arrived());
    REQUIRE(b.arrived());
    CHECK_FALSE(a.lease().cold_start());
    const int a_id = fake_of(a.lease()).id();
    const int b_id = fake_of(b.lease()).id();
    CHECK(a_id != b_id);
    CHECK(pool.stats().busy == 2);

    a.lease().release();
    b.lease().release();  // b is now on top of the stack
    CHECK(world->restores == 2);
    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK(fake_of(c.lease()).id() == b_id);
    CHECK(world->made == 2);
}

TEST_CASE("with nothing ready below max, the acquirer gets a cold slot", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    pool::Pool pool(config(0, 2), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    REQUIRE(a.arrived());
    pool::Lease& lease = a.lease();
    CHECK(lease.cold_start());
    CHECK_FALSE(lease.has_instance());
    CHECK_THROWS_AS(lease.instance(), std::logic_error);
    CHECK(world->attempts == 0);  // acquire() never runs the factory
    CHECK(pool.stats().creating == 1);

    lease.materialize();
    CHECK(lease.has_instance());
    CHECK(world->made == 1);
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.creating == 0);
    CHECK(stats.busy == 1);
    CHECK(stats.cold_starts == 1);
    CHECK(stats.created == 1);
}

TEST_CASE("no more than max instances exist, the next acquirer queues", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c, d;
    pool::Pool pool(config(0, 3, 8), fake_factory(world), maintenance);
    for (Outcome* o : {&a, &b, &c}) {
        pool.acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    pool.acquire(far_deadline(), d.callback());
    CHECK_FALSE(d.arrived());
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.busy == 3);
    CHECK(stats.queued == 1);
    CHECK(world->attempts == 3);
}

TEST_CASE("a released instance is restored, then handed to the first waiter", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    int restores_at_handover = -1;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    a.lease().materialize();
    const int id = fake_of(a.lease()).id();
    a.lease().instance().call("", {}, far_deadline());

    pool.acquire(far_deadline(), [&, inner = b.callback()](pool::Acquired acquired) {
        restores_at_handover = world->restores;
        inner(std::move(acquired));
    });
    pool.acquire(far_deadline(), c.callback());
    CHECK(pool.stats().queued == 2);

    a.lease().release();
    REQUIRE(b.arrived());
    CHECK_FALSE(c.arrived());                         // first come, first served
    CHECK(b.thread() == std::this_thread::get_id());  // on the releasing thread
    CHECK(restores_at_handover == 1);
    CHECK(fake_of(b.lease()).id() == id);
    CHECK_FALSE(b.lease().cold_start());
    b.lease().instance().call("", {}, far_deadline());
    CHECK(world->overlaps == 0);
    CHECK(pool.stats().ready == 0);
    CHECK(pool.stats().queued == 1);
}

TEST_CASE("an acquirer waits for a returning instance rather than make one", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    pool::Pool pool(config(1, 4, 8), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    const int id = fake_of(a.lease()).id();
    a.lease().returning();
    a.lease().returning();  // idempotent: still one instance to wait for

    pool.acquire(far_deadline(), b.callback());
    CHECK_FALSE(b.arrived());
    CHECK(pool.stats().queued == 1);
    CHECK(pool.stats().creating == 0);
    // One returning instance serves one waiter: the next acquirer makes one.
    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK(c.lease().cold_start());

    a.lease().release();
    REQUIRE(b.arrived());
    CHECK_FALSE(b.lease().cold_start());
    CHECK(fake_of(b.lease()).id() == id);
    CHECK(world->made == 1);
    CHECK(pool.stats().cold_starts == 1);
}

TEST_CASE("a returning instance is waited for even with no queue", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    pool::Pool pool(config(1, 1, 0), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    a.lease().returning();
    pool.acquire(far_deadline(), b.callback());
    CHECK_FALSE(b.arrived());
    // The returning instance is claimed: the next acquirer is overloaded.
    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK(c.get().error() == pool::AcquireError::overloaded);

    a.lease().release();
    REQUIRE(b.arrived());
    CHECK_FALSE(b.lease().cold_start());
}

TEST_CASE("a waiter for a returning instance that is discarded gets a cold slot", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b;
    pool::Pool pool(config(1, 4, 8), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    a.lease().returning();
    pool::Lease moved = std::move(a.lease());  // the announcement moves with it
    pool.acquire(far_deadline(), b.callback());
    CHECK_FALSE(b.arrived());

    moved.discard();
    REQUIRE(b.arrived());
    CHECK(b.lease().cold_start());
    CHECK(pool.stats().queued == 0);
}

TEST_CASE("with max busy and the queue full, acquire answers overloaded", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    pool::Pool pool(config(0, 1, 1), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    pool.acquire(far_deadline(), b.callback());
    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    REQUIRE_FALSE(c.get().ok());
    CHECK(c.get().error() == pool::AcquireError::overloaded);
    CHECK(c.thread() == std::this_thread::get_id());
    CHECK_FALSE(b.arrived());
    CHECK(pool.stats().overloaded == 1);
}

TEST_CASE("a full pool refuses to queue an acquirer whose deadline has passed", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    pool.acquire(std::chrono::steady_clock::now() - 1ms, b.callback());
    REQUIRE(b.arrived());
    CHECK(b.get().error() == pool::AcquireError::timed_out);
    CHECK(pool.stats().queued == 0);
}

TEST_CASE("a factory exception frees the slot and reaches the caller", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b, c;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    world->factory_fails = true;
    pool.acquire(far_deadline(), a.callback());
    pool.acquire(far_deadline(), b.callback());  // queued behind the cold start
    CHECK_THROWS_WITH(a.lease().materialize(), "factory failed");
    CHECK_FALSE(a.lease().has_instance());
    CHECK_THROWS_AS(a.lease().materialize(), std::logic_error);  // the lease is empty
    CHECK(pool.last_error() == "factory failed");
    CHECK(pool.stats().create_failures == 1);

    // The freed slot went to the waiter, as a cold start of its own.
    REQUIRE(b.arrived());
    CHECK(b.lease().cold_start());
    world->factory_fails = false;
    b.lease().materialize();
    CHECK(pool.last_error().empty());
    b.lease().release();

    pool.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK_FALSE(c.lease().cold_start());
    CHECK(pool.stats().creating == 0);
}

TEST_CASE("dropping a cold lease unused frees its slot", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome b;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    std::optional<pool::Lease> cold;
    pool.acquire(far_deadline(),
                 [&](pool::Acquired acquired) { cold.emplace(std::move(acquired.lease())); });
    REQUIRE(cold);
    pool.acquire(far_deadline(), b.callback());
    cold.reset();
    REQUIRE(b.arrived());
    CHECK(b.lease().cold_start());
    CHECK(world->attempts == 0);
}

TEST_CASE("a discarded instance is destroyed, not restored, and its slot freed", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a, b;
    pool::Pool pool(config(0, 1, 4), fake_factory(world), maintenance);
    pool.acquire(far_deadline(), a.callback());
    a.lease().materialize();
    pool.acquire(far_deadline(), b.callback());
    a.lease().discard();
    CHECK(world->alive == 0);
    CHECK(world->restores == 0);
    REQUIRE(b.arrived());
    CHECK(b.lease().cold_start());
    CHECK(pool.stats().destroyed == 1);
}

TEST_CASE("a moved lease is released once, by its new owner", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Outcome a;
    pool::Pool pool(config(1, 1), fake_factory(world), maintenance);
    REQUIRE(pool.wait_warm(patience));
    pool.acquire(far_deadline(), a.callback());
    {
        pool::Lease moved = std::move(a.lease());
        CHECK(moved.has_instance());
        CHECK_FALSE(a.lease().has_instance());
        CHECK(pool.stats().busy == 1);
    }
    CHECK(world->restores == 1);
    CHECK(pool.stats().ready == 1);
}

TEST_CASE("a pool's configuration is checked", "[pool]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    CHECK_THROWS_AS(pool::Pool(config(0, 0), fake_factory(world), maintenance),
                    std::invalid_argument);
    CHECK_THROWS_AS(pool::Pool(config(3, 2), fake_factory(world), maintenance),
                    std::invalid_argument);
    CHECK_THROWS_AS(pool::Pool(config(0, 1), pool::Factory{}, maintenance), std::invalid_argument);
}
