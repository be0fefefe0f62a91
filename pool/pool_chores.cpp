// What the maintenance thread does for one pool: keeps `min` instances,
// shrinks what idles too long, and times out waiters. Between chores the
// pool only has a timer in the Maintenance, so an idle pool costs nothing.
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

void PoolCore::run_timers() noexcept {
    std::vector<Waiter> expired;
    std::vector<std::unique_ptr<Instance>> stale;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        const Clock::time_point now = Clock::now();
        expired = waiters_.take_expired(now);
        counters_.timed_out += expired.size();
        stale = take_stale_locked(now);
        counters_.destroyed += stale.size();
        settle_memory_locked();
        timer_at_ = Clock::time_point::max();  // the Maintenance just took it
        poke_locked(std::min(waiters_.earliest_deadline(), shrink_due_locked()));
        request_refill_locked();
        if (expired.empty() && stale.empty()) return;
        chores_running_ = true;
    }
    for (Waiter& waiter : expired)
        waiter.on_ready(Acquired{AcquireError::timed_out});
    stale.clear();
    chores_done();
}

void PoolCore::refill_one() noexcept {
    {
        std::lock_guard lock(mutex_);
        // Reserved only now, not when queued: a slot waiting in the queue
        // behind other pools' refills would be denied to cold starts.
        if (stopping_ || total_locked() >= config_.min) {
            refill_queued_ = false;
            return;
        }
        ++creating_;
        chores_running_ = true;
    }
    std::unique_ptr<Instance> instance;
    try {
        instance = create();
    } catch (const std::exception& e) {
        refill_failed(e.what());
        return chores_done();
    } catch (...) {
        refill_failed("unknown exception");
        return chores_done();
    }
    refill_done(std::move(instance));
    chores_done();
}

void PoolCore::chores_done() noexcept {
    std::lock_guard lock(mutex_);
    chores_running_ = false;
    chores_done_.notify_all();
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

void PoolCore::refill_done(std::unique_ptr<Instance> instance) {
    std::unique_ptr<Instance> doomed;
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --creating_;
        ++counters_.created;
        refill_backoff_ = std::chrono::milliseconds{0};
        refill_retry_at_ = Clock::time_point::min();
        refill_queued_ = false;
        last_error_.clear();
        if (stopping_) {
            doomed = std::move(instance);
            ++counters_.destroyed;
            settle_memory_locked();
        } else {
            idle_.push_back({std::move(instance), Clock::now()});
            grants = grants_locked();
            request_refill_locked();  // to the back of the queue: round robin
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
        refill_queued_ = false;
        if (!stopping_) {
            grants = grants_locked();
            request_refill_locked();
        }
        settle_memory_locked();
    }
    deliver(std::move(grants));
}

PoolCore::Clock::time_point PoolCore::shrink_due_locked() const {
    if (idle_.empty() || total_locked() <= config_.min) return Clock::time_point::max();
    // The daemon says "never" with milliseconds::max(): adding that to a
    // time point in nanoseconds overflows (into the past), so compare in
    // milliseconds first.
    const Clock::time_point since = idle_.front().since;
    const auto headroom =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - since);
    if (config_.idle >= headroom) return Clock::time_point::max();
    return since + config_.idle;
}

PoolCore::Clock::time_point PoolCore::refill_due_locked() const {
    if (stopping_ || total_locked() >= config_.min) return Clock::time_point::max();
    return refill_retry_at_;
}

void PoolCore::poke_locked(Clock::time_point when) {
    // A timer due by `when` is already set: the Maintenance's lock stays
    // off the release path, which pokes at every release.
    if (stopping_ || when >= timer_at_) return;
    timer_at_ = when;
    maintenance_.wake_at(id_, when);
}

void PoolCore::request_refill_locked() {
    const Clock::time_point due = refill_due_locked();
    if (refill_queued_ || due == Clock::time_point::max()) return;
    if (due > Clock::now()) return poke_locked(due);
    refill_queued_ = true;
    maintenance_.queue_refill(id_);
}

}  // namespace ember::pool
