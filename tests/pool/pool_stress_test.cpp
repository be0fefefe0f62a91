// Many threads hammering one small pool: nobody ever shares an instance and
// every count balances at the end.
#include "pool/pool.hpp"

#include <future>
#include <thread>
#include <vector>

#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

namespace {

struct Tally {
    std::atomic<int> refused{0};
    std::atomic<int> discarded{0};
};

// One acquire/call/release cycle, blocking this test thread (a real
// executor would not block; the pool behaves the same either way).
void cycle(pool::Pool& pool, Tally& tally, int round) {
    std::promise<pool::Acquired> promise;
    std::future<pool::Acquired> future = promise.get_future();
    pool.acquire(far_deadline(),
                 [&promise](pool::Acquired acquired) { promise.set_value(std::move(acquired)); });
    pool::Acquired acquired = future.get();
    if (!acquired.ok()) {
        ++tally.refused;
        return;
    }
    pool::Lease& lease = acquired.lease();
    lease.materialize();
    lease.instance().call("", {}, far_deadline());
    if (round % 97 == 0) {
        ++tally.discarded;
        lease.discard();
    }
}

}  // namespace

TEST_CASE("8 threads x 2000 cycles on a pool of 4 never share an instance", "[pool]") {
    constexpr int threads = 8;
    constexpr int rounds = 2000;
    auto world = std::make_shared<FakeWorld>();
    pool::Maintenance maintenance;
    Tally tally;
    pool::Pool pool(config(2, 4, threads), fake_factory(world), maintenance);
    {
        std::vector<std::jthread> workers;
        workers.reserve(threads);
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&] {
                for (int round = 1; round <= rounds; ++round)
                    cycle(pool, tally, round);
            });
    }
    REQUIRE(eventually([&] { return pool.stats().creating == 0; }));  // a refill may be running

    const pool::PoolStats stats = pool.stats();
    CHECK(world->overlaps == 0);
    CHECK(tally.refused == 0);
    CHECK(world->calls == threads * rounds);
    CHECK(world->restores == threads * rounds - tally.discarded);
    CHECK(stats.busy == 0);
    CHECK(stats.queued == 0);
    CHECK(stats.ready <= 4);
    CHECK(stats.ready == stats.created - stats.destroyed);
    CHECK(stats.destroyed == static_cast<uint64_t>(tally.discarded));
    CHECK(world->alive == static_cast<int>(stats.ready));
    CHECK(stats.timed_out == 0);
    CHECK(stats.overloaded == 0);
}
