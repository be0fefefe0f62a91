// The acquirers waiting for an instance, in arrival order.
#include "pool/waiter_queue.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ember::pool {

Waiter WaiterQueue::pop() {
    Waiter first = std::move(waiters_.front());
    waiters_.pop_front();
    return first;
}

std::vector<Waiter> WaiterQueue::take_expired(sandbox::Deadline now) {
    std::vector<Waiter> expired;
    std::deque<Waiter> kept;
    for (Waiter& waiter : waiters_) {
        if (waiter.deadline <= now)
            expired.push_back(std::move(waiter));
        else
            kept.push_back(std::move(waiter));
    }
    waiters_ = std::move(kept);
    return expired;
}

std::vector<Waiter> WaiterQueue::take_all() {
    std::vector<Waiter> all(std::make_move_iterator(waiters_.begin()),
                            std::make_move_iterator(waiters_.end()));
    waiters_.clear();
    return all;
}

sandbox::Deadline WaiterQueue::earliest_deadline() const {
    sandbox::Deadline earliest = sandbox::Deadline::max();
    for (const Waiter& waiter : waiters_)
        earliest = std::min(earliest, waiter.deadline);
    return earliest;
}

}  // namespace ember::pool
