// The pool's maintenance thread: keeps `min` instances, shrinks what idles
// too long, and times out waiters. It sleeps on a condition variable until
// the next thing falls due, so an idle pool costs nothing.
#include <algorithm>
#include <utility>

#include "pool/pool_core.hpp"

namespace ember::pool {
namespace {

// A factory that keeps failing (a broken snapshot, no memory) is retried
// with exponential backoff rather than in a hot loop.
constexpr std::chrono::milliseconds first_backoff{10};
constexpr std::chrono::milliseconds max_backoff{1000};

}  // namespace

void PoolCore::maintain() {
    for (Chores chores = next_chores(); !chores.stop; chores = next_chores()) {
        for (Waiter& waiter : chores.expired)
            waiter.on_ready(Acquired{AcquireError::timed_out});
        chores.stale.clear();
        if (chores.refill) refill_one();
    }
}

PoolCore::Chores PoolCore::next_chores() {
    std::unique_lock lock(mutex_);
    for (;;) {
        Chores chores;
        chores.stop = stopping_;
        if (chores.stop) return chores;
        const Clock::time_point now = Clock::now();
        chores.expired = waiters_.take_expired(now);
        counters_.timed_out += chores.expired.size();
        chores.stale = take_stale_locked(now);
        counters_.destroyed += chores.stale.size();
        if (refill_due_locked() <= now) {
            ++creating_;  // reserved now, so that acquire() cannot take it too
            chores.refill = true;
        }
        if (!chores.empty()) return chores;
        sleep_locked(lock);
    }
}

void PoolCore::sleep_locked(std::unique_lock<std::mutex>& lock) {
    sleeping_until_ =
        std::min({waiters_.earliest_deadline(), shrink_due_locked(), refill_due_locked()});
    if (sleeping_until_ == Clock::time_point::max())
        wake_.wait(lock);
    else
        wake_.wait_until(lock, sleeping_until_);
    sleeping_until_ = Clock::time_point::min();
}

// The oldest ready instances sit at the bottom of the LIFO stack.
std::vector<std::unique_ptr<Instance>> PoolCore::take_stale_locked(Clock::time_point now) {
    std::vector<std::unique_ptr<Instance>> stale;
    while (shrink_due_locked() <= now) {
        stale.push_back(std::move(idle_.front().instance));
        idle_.pop_front();
    }
    return stale;
}

void PoolCore::refill_one() {
    std::unique_ptr<Instance> instance;
    try {
        instance = create();
    } catch (const std::exception& e) {
        return refill_failed(e.what());
    } catch (...) {
        return refill_failed("unknown exception");
    }
    refill_done(std::move(instance));
}

void PoolCore::refill_done(std::unique_ptr<Instance> instance) {
    std::unique_ptr<Instance> doomed;
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --creating_;
        ++counters_.created;
        refill_backoff_ = std::chrono::milliseconds{0};
        refill_retry_at_ = Clock::time_point::min();
        last_error_.clear();
        if (stopping_) {
            doomed = std::move(instance);
            ++counters_.destroyed;
        } else {
            idle_.push_back({std::move(instance), Clock::now()});
            grants = grants_locked();
        }
        warm_.notify_all();
    }
    doomed.reset();
    deliver(std::move(grants));
}

void PoolCore::refill_failed(std::string error) {
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --creating_;
        ++counters_.create_failures;
        last_error_ = std::move(error);
        refill_backoff_ = std::clamp(refill_backoff_ * 2, first_backoff, max_backoff);
        refill_retry_at_ = Clock::now() + refill_backoff_;
        if (!stopping_) grants = grants_locked();
    }
    deliver(std::move(grants));
}

PoolCore::Clock::time_point PoolCore::shrink_due_locked() const {
    if (idle_.empty() || total_locked() <= config_.min) return Clock::time_point::max();
    return idle_.front().since + config_.idle;
}

PoolCore::Clock::time_point PoolCore::refill_due_locked() const {
    if (stopping_ || total_locked() >= config_.min) return Clock::time_point::max();
    return refill_retry_at_;
}

void PoolCore::poke_locked(Clock::time_point when) {
    // While awake (sleeping_until_ == min) the thread re-reads the state
    // before it sleeps again, so only a sleeper that would oversleep `when`
    // needs the (comparatively costly) notification.
    if (when < sleeping_until_) wake_.notify_one();
}

}  // namespace ember::pool
