// A pool under a MemoryBudget: its `min` reserved from the start, growth
// only with memory to spare (else it waits, or refuses when there is
// nothing to wait for), and the memory back once instances go.
#include "pool/pool.hpp"

#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

namespace {

constexpr std::uint64_t instance_bytes = 16;

pool::PoolConfig budgeted(std::size_t min, std::size_t max, std::size_t max_queue = 0,
                          std::chrono::milliseconds idle = 60s) {
    pool::PoolConfig c = config(min, max, max_queue, idle);
    c.instance_bytes = instance_bytes;
    return c;
}

std::shared_ptr<pool::MemoryBudget> budget_for(std::uint64_t instances) {
    return std::make_shared<pool::MemoryBudget>(instances * instance_bytes);
}

}  // namespace

TEST_CASE("a pool holds memory for min from the start, and refuses to exist without it",
          "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(3);
    pool::Pool first(budgeted(2, 4), fake_factory(world), maintenance, budget);
    CHECK(budget->used() == 2 * instance_bytes);  // before any instance exists
    CHECK_THROWS_AS(pool::Pool(budgeted(2, 2), fake_factory(world), maintenance, budget),
                    pool::MemoryLimitError);
    CHECK(budget->used() == 2 * instance_bytes);  // the refused pool took nothing
    pool::Pool second(budgeted(1, 1), fake_factory(world), maintenance, budget);
    REQUIRE(first.wait_warm(patience));
    REQUIRE(second.wait_warm(patience));
    CHECK(budget->used() == 3 * instance_bytes);
    CHECK(world->made == 3);
}

TEST_CASE("without memory for a new instance and none to wait for, acquire refuses at once",
          "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(2);
    Outcome a, b, c;
    pool::Pool big(budgeted(0, 4, 8), fake_factory(world), maintenance, budget);
    pool::Pool small(budgeted(0, 4, 8), fake_factory(world), maintenance, budget);
    for (Outcome* o : {&a, &b}) {
        big.acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    CHECK(budget->used() == budget->limit());

    small.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    REQUIRE_FALSE(c.get().ok());
    CHECK(c.get().error() == pool::AcquireError::no_memory);
    CHECK(c.thread() == std::this_thread::get_id());
    const pool::PoolStats stats = small.stats();
    CHECK(stats.memory_refused == 1);
    CHECK(stats.creating + stats.busy + stats.queued == 0);
    CHECK(world->attempts == 2);
}

TEST_CASE("a pool that cannot grow for memory queues for its own instances", "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(2);
    Outcome a, b, c, d;
    pool::Pool pool(budgeted(0, 4, 1), fake_factory(world), maintenance, budget);
    for (Outcome* o : {&a, &b}) {
        pool.acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    const int id = fake_of(a.lease()).id();
    pool.acquire(far_deadline(), c.callback());
    CHECK_FALSE(c.arrived());  // below max, but no memory: it waits as at max
    pool.acquire(far_deadline(), d.callback());
    REQUIRE(d.arrived());
    CHECK(d.get().error() == pool::AcquireError::overloaded);  // the queue is full

    a.lease().release();
    REQUIRE(c.arrived());
    CHECK(fake_of(c.lease()).id() == id);
    CHECK(world->attempts == 2);
    CHECK(pool.stats().memory_refused == 0);
}

TEST_CASE("a slot given up while others wait goes to them with its memory", "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(1);
    Outcome a, b, c;
    pool::Pool pool(budgeted(0, 2, 4), fake_factory(world), maintenance, budget);
    pool::Pool other(budgeted(0, 2, 4), fake_factory(world), maintenance, budget);
    pool.acquire(far_deadline(), a.callback());
    a.lease().materialize();
    pool.acquire(far_deadline(), b.callback());
    CHECK_FALSE(b.arrived());

    a.lease().discard();  // the instance goes; its memory stays with the waiter
    REQUIRE(b.arrived());
    CHECK(b.lease().cold_start());
    CHECK(budget->used() == instance_bytes);
    other.acquire(far_deadline(), c.callback());
    REQUIRE(c.arrived());
    CHECK(c.get().error() == pool::AcquireError::no_memory);
    b.lease().materialize();
    CHECK(b.lease().has_instance());
}

TEST_CASE("memory comes back when instances go: released, shrunk, broken or shut down",
          "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(4);
    Outcome a, b, c, d, e;
    pool::Pool shrinking(budgeted(1, 3, 0, 20ms), fake_factory(world), maintenance, budget);
    REQUIRE(shrinking.wait_warm(patience));
    for (Outcome* o : {&a, &b, &c}) {
        shrinking.acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    CHECK(budget->used() == 3 * instance_bytes);
    fake_of(a.lease()).fail_restore = true;
    a.lease().release();  // broken on restore: destroyed
    CHECK(budget->used() == 2 * instance_bytes);
    b.lease().release();
    c.lease().release();
    // Idle above min: shrunk back to min, which stays reserved.
    REQUIRE(eventually([&] { return budget->used() == 1 * instance_bytes; }));
    REQUIRE(eventually([&] { return shrinking.stats().ready == 1; }));

    auto other =
        std::make_unique<pool::Pool>(budgeted(0, 3), fake_factory(world), maintenance, budget);
    for (Outcome* o : {&d, &e}) {
        other->acquire(far_deadline(), o->callback());
        o->lease().materialize();
    }
    CHECK(budget->used() == 3 * instance_bytes);
    d.lease().release();
    // Shut down with e still out: e's instance counts until it is destroyed.
    other->shutdown();
    CHECK(budget->used() == 2 * instance_bytes);
    other.reset();
    e.lease().release();
    CHECK(budget->used() == 1 * instance_bytes);
    shrinking.shutdown();
    CHECK(budget->used() == 0);
    CHECK(world->alive == 0);
}

TEST_CASE("a cold start whose factory fails gives its memory back", "[pool][memory]") {
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    auto budget = budget_for(1);
    Outcome a;
    pool::Pool pool(budgeted(0, 1), fake_factory(world), maintenance, budget);
    pool.acquire(far_deadline(), a.callback());
    CHECK(budget->used() == instance_bytes);
    world->factory_fails = true;
    CHECK_THROWS(a.lease().materialize());
    CHECK(budget->used() == 0);
}
