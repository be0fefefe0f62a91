// The waiting line: arrival order, and expiry by each waiter's deadline.
#include "pool/waiter_queue.hpp"

#include <catch2/catch.hpp>

using namespace ember;
using namespace std::chrono_literals;

namespace {

// A waiter whose callback records `tag` into `log` when it is called.
pool::Waiter waiter(sandbox::Deadline deadline, std::vector<int>& log, int tag) {
    return {deadline, [&log, tag](pool::Acquired) { log.push_back(tag); }};
}

}  // namespace

TEST_CASE("waiters leave in arrival order", "[pool]") {
    const auto now = std::chrono::steady_clock::now();
    std::vector<int> log;
    pool::WaiterQueue queue;
    CHECK(queue.earliest_deadline() == sandbox::Deadline::max());
    queue.push(waiter(now + 3s, log, 1));
    queue.push(waiter(now + 1s, log, 2));
    CHECK(queue.size() == 2);
    CHECK(queue.earliest_deadline() == now + 1s);
    queue.pop().on_ready(pool::Acquired{pool::AcquireError::overloaded});
    queue.pop().on_ready(pool::Acquired{pool::AcquireError::overloaded});
    CHECK(log == std::vector<int>{1, 2});
    CHECK(queue.empty());
}

TEST_CASE("expiry takes the late waiters and keeps the others in order", "[pool]") {
    const auto now = std::chrono::steady_clock::now();
    std::vector<int> log;
    pool::WaiterQueue queue;
    queue.push(waiter(now + 5s, log, 1));
    queue.push(waiter(now - 1s, log, 2));
    queue.push(waiter(now + 6s, log, 3));
    queue.push(waiter(now, log, 4));
    for (pool::Waiter& w : queue.take_expired(now))
        w.on_ready(pool::Acquired{pool::AcquireError::timed_out});
    CHECK(log == std::vector<int>{2, 4});
    CHECK(queue.earliest_deadline() == now + 5s);
    for (pool::Waiter& w : queue.take_all())
        w.on_ready(pool::Acquired{pool::AcquireError::shutting_down});
    CHECK(log == std::vector<int>{2, 4, 1, 3});
    CHECK(queue.empty());
}
