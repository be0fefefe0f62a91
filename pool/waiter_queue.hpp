// The acquirers waiting for an instance, first come first served, each with
// its own deadline. Not thread-safe: the pool guards it with its lock.
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

#include "pool/acquired.hpp"
#include "sandbox/call_timer.hpp"

namespace ember::pool {

struct Waiter {
    sandbox::Deadline deadline;
    AcquireCallback on_ready;
};

class WaiterQueue {
  public:
    bool empty() const { return waiters_.empty(); }
    std::size_t size() const { return waiters_.size(); }

    void push(Waiter waiter) { waiters_.push_back(std::move(waiter)); }
    // The longest waiting one. Requires !empty().
    Waiter pop();

    // Removes and returns the waiters whose deadline is at or before `now`,
    // keeping the others in order.
    std::vector<Waiter> take_expired(sandbox::Deadline now);
    std::vector<Waiter> take_all();
    // The earliest deadline, or time_point::max() when nobody waits.
    sandbox::Deadline earliest_deadline() const;

  private:
    // Deadlines differ per call, so expiry scans the queue: it is bounded by
    // max_queue and scanned only when the maintenance thread wakes.
    std::deque<Waiter> waiters_;
};

}  // namespace ember::pool
