// The maintenance thread shared by all pools: due timers first, then one
// refill, then sleep until the earliest due time.
#include "pool/maintenance.hpp"

#include <vector>

#include "pool/pool_core.hpp"

namespace ember::pool {

Maintenance::Maintenance() : thread_([this] { run(); }) {}

Maintenance::~Maintenance() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    thread_.join();
    std::vector<std::weak_ptr<PoolCore>> left;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, attached] : pools_)
            left.push_back(attached.core);
    }
    // Their waiters would otherwise wait for an expiry that never comes.
    // stop() detaches each, so it is called outside the lock.
    for (const std::weak_ptr<PoolCore>& weak : left)
        if (std::shared_ptr<PoolCore> core = weak.lock()) core->stop();
}

Maintenance::Id Maintenance::attach(std::weak_ptr<PoolCore> core) {
    std::lock_guard lock(mutex_);
    const Id id = next_id_++;
    pools_.emplace(id, Attached{std::move(core)});
    return id;
}

void Maintenance::detach(Id id) noexcept {
    std::lock_guard lock(mutex_);
    const auto it = pools_.find(id);
    if (it == pools_.end()) return;
    timers_.erase({it->second.due, id});
    pools_.erase(it);
}

void Maintenance::wake_at(Id id, Clock::time_point when) {
    std::lock_guard lock(mutex_);
    const auto it = pools_.find(id);
    if (it == pools_.end() || it->second.due <= when) return;
    timers_.erase({it->second.due, id});
    timers_.emplace(when, id);
    it->second.due = when;
    // While awake the thread looks at the timers before it sleeps again.
    if (when < sleeping_until_) wake_.notify_one();
}

void Maintenance::queue_refill(Id id) {
    std::lock_guard lock(mutex_);
    refills_.push_back(id);
    if (sleeping_until_ != Clock::time_point::min()) wake_.notify_one();
}

void Maintenance::run() {
    thread_id_ = std::this_thread::get_id();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        std::shared_ptr<PoolCore> core = take_due_timer_locked(Clock::now());
        const bool timer = core != nullptr;
        if (!timer) core = take_refill_locked();
        if (!core) {
            sleep_locked(lock);
            continue;
        }
        lock.unlock();
        if (timer)
            core->run_timers();
        else
            core->refill_one();
        // Released before the lock is taken again: if this was the last
        // owner, the pool's state (and its factory) goes here.
        core.reset();
        lock.lock();
    }
}

std::shared_ptr<PoolCore> Maintenance::take_due_timer_locked(Clock::time_point now) {
    while (!timers_.empty() && timers_.begin()->first <= now) {
        const Id id = timers_.begin()->second;
        timers_.erase(timers_.begin());
        Attached& attached = pools_.at(id);
        attached.due = Clock::time_point::max();
        if (std::shared_ptr<PoolCore> core = attached.core.lock()) return core;
    }
    return nullptr;
}

std::shared_ptr<PoolCore> Maintenance::take_refill_locked() {
    while (!refills_.empty()) {
        const auto it = pools_.find(refills_.front());
        refills_.pop_front();
        if (it == pools_.end()) continue;
        if (std::shared_ptr<PoolCore> core = it->second.core.lock()) return core;
    }
    return nullptr;
}

void Maintenance::sleep_locked(std::unique_lock<std::mutex>& lock) {
    sleeping_until_ = timers_.empty() ? Clock::time_point::max() : timers_.begin()->first;
    if (sleeping_until_ == Clock::time_point::max())
        wake_.wait(lock);
    else
        wake_.wait_until(lock, sleeping_until_);
    sleeping_until_ = Clock::time_point::min();
}

}  // namespace ember::pool
