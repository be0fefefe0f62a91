// The pool's shared state: acquisition, and what leases do when they end.
#include "pool/pool_core.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

namespace ember::pool {
namespace {

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown exception";
    }
}

}  // namespace

PoolCore::PoolCore(PoolConfig config, Factory factory, Maintenance& maintenance,
                   std::shared_ptr<MemoryBudget> budget)
    : config_(config),
      factory_(std::move(factory)),
      maintenance_(maintenance),
      memory_(std::move(budget), config.instance_bytes) {
    validate(config_);
    if (!factory_) throw std::invalid_argument("pool needs a factory");
    if (!memory_.grow_to(config_.min)) {
        throw MemoryLimitError("no room in the memory budget for " + std::to_string(config_.min) +
                               " instances of " + std::to_string(config_.instance_bytes) +
                               " bytes");
    }
}

void PoolCore::start() {
    std::lock_guard lock(mutex_);
    id_ = maintenance_.attach(weak_from_this());
    request_refill_locked();
}

void PoolCore::acquire(sandbox::Deadline deadline, AcquireCallback on_ready) {
    std::unique_lock lock(mutex_);
    std::optional<AcquireError> refusal;
    const bool wait_for_return = worth_waiting_locked(deadline);
    if (stopping_) {
        refusal = AcquireError::shutting_down;
    } else if (!idle_.empty() || (!wait_for_return && reserve_new_locked())) {
        Grant grant = grant_locked(std::move(on_ready));
        lock.unlock();
        return deliver(std::move(grant));
    } else if (total_locked() == 0) {
        // Below max, yet no memory for an instance, and none to wait for.
        ++counters_.memory_refused;
        refusal = AcquireError::no_memory;
    } else if (!wait_for_return && waiters_.size() >= config_.max_queue) {
        ++counters_.overloaded;
        refusal = AcquireError::overloaded;
    } else if (deadline <= Clock::now()) {
        ++counters_.timed_out;
        refusal = AcquireError::timed_out;
    } else {
        waiters_.push({deadline, std::move(on_ready)});
        return poke_locked(deadline);
    }
    lock.unlock();
    on_ready(Acquired{*refusal});
}

bool PoolCore::wait_warm(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    // Warm means `min` instances exist: busy ones count, so that a loaded
    // pool does not look cold.
    const auto warm = [this] { return idle_.size() + busy_ >= config_.min; };
    warm_.wait_for(lock, timeout, [&] { return stopping_ || warm(); });
    return !stopping_ && warm();
}

std::string PoolCore::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

PoolStats PoolCore::stats() const {
    std::lock_guard lock(mutex_);
    PoolStats stats = counters_;
    stats.ready = idle_.size();
    stats.busy = busy_;
    stats.creating = creating_;
    stats.queued = waiters_.size();
    return stats;
}

void PoolCore::stop() noexcept {
    std::vector<Waiter> waiters;
    std::deque<Idle> idle;
    {
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        maintenance_.detach(id_);
        // Like joining a thread of its own: no chore of this pool runs once
        // stop() returns. On the Maintenance's thread the chore running is
        // the caller's own (or another pool's): waiting would never end.
        if (!maintenance_.on_thread()) chores_done_.wait(lock, [this] { return !chores_running_; });
        waiters = waiters_.take_all();
        idle.swap(idle_);
        counters_.destroyed += idle.size();
        settle_memory_locked();
        warm_.notify_all();
    }
    for (Waiter& waiter : waiters)
        waiter.on_ready(Acquired{AcquireError::shutting_down});
}

std::unique_ptr<Instance> PoolCore::make_for_lease() {
    std::unique_ptr<Instance> instance;
    try {
        instance = create();
    } catch (...) {
        Grants grants;
        {
            std::lock_guard lock(mutex_);
            --creating_;
            ++counters_.create_failures;
            last_error_ = describe(std::current_exception());
            slot_freed_locked(grants);
        }
        deliver(std::move(grants));
        throw;
    }
    std::lock_guard lock(mutex_);
    --creating_;
    ++busy_;
    ++counters_.created;
    last_error_.clear();
    warm_.notify_all();
    return instance;
}

void PoolCore::expect_return() noexcept {
    std::lock_guard lock(mutex_);
    ++returning_;
}

void PoolCore::give_back(std::unique_ptr<Instance> instance, bool announced) noexcept {
    std::optional<sandbox::RestoreStats> restored;
    try {
        restored = instance->restore();
    } catch (...) {
        // A sandbox that cannot be put back is never reused.
    }
    std::unique_ptr<Instance> doomed;
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --busy_;
        if (announced) --returning_;
        ++counters_.restores;
        if (restored && !stopping_) {
            counters_.restore_time += restored->time;
            idle_.push_back({std::move(instance), Clock::now()});
            grants = grants_locked();
            poke_locked(shrink_due_locked());
        } else {
            doomed = std::move(instance);
            ++counters_.destroyed;
            slot_freed_locked(grants);
        }
    }
    doomed.reset();
    deliver(std::move(grants));
}

void PoolCore::destroy(std::unique_ptr<Instance> instance, bool announced) noexcept {
    instance.reset();
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --busy_;
        if (announced) --returning_;
        ++counters_.destroyed;
        slot_freed_locked(grants);
    }
    deliver(std::move(grants));
}

void PoolCore::free_slot() noexcept {
    Grants grants;
    {
        std::lock_guard lock(mutex_);
        --creating_;
        slot_freed_locked(grants);
    }
    deliver(std::move(grants));
}

// An instance being restored is ready in microseconds; a new one takes a
// VM and its memory image. Wait for it if no earlier waiter has claimed it,
// even beyond max_queue: such a wait is not the overload the bound is for.
bool PoolCore::worth_waiting_locked(sandbox::Deadline deadline) const {
    return returning_ > waiters_.size() && deadline > Clock::now();
}

bool PoolCore::reserve_new_locked() {
    return total_locked() < config_.max && memory_.grow_to(total_locked() + 1);
}

void PoolCore::settle_memory_locked() noexcept {
    memory_.shrink_to(stopping_ ? total_locked() : std::max(total_locked(), config_.min));
}

PoolCore::Grant PoolCore::grant_locked(AcquireCallback on_ready) {
    Grant grant{std::move(on_ready), nullptr};
    if (!idle_.empty()) {
        grant.instance = std::move(idle_.back().instance);
        idle_.pop_back();
        ++busy_;
    } else {
        ++creating_;
        ++counters_.cold_starts;
    }
    return grant;
}

// Waiters that returning instances will serve get no cold slot.
PoolCore::Grants PoolCore::grants_locked() {
    Grants grants;
    while (!waiters_.empty() &&
           (!idle_.empty() || (returning_ < waiters_.size() && reserve_new_locked())))
        grants.push_back(grant_locked(waiters_.pop().on_ready));
    return grants;
}

// A slot was given up (the caller already took it off busy_ or creating_):
// the longest waiter gets it as a cold start, or maintenance refills it.
// Its memory goes back to the budget only if neither does: handed on first,
// no other pool can take it in between.
void PoolCore::slot_freed_locked(Grants& grants) {
    if (!stopping_) {
        grants = grants_locked();
        request_refill_locked();
    }
    settle_memory_locked();
}

void PoolCore::deliver(Grant grant) {
    const bool cold = grant.instance == nullptr;
    grant.on_ready(Acquired{Lease(shared_from_this(), std::move(grant.instance), cold)});
}

void PoolCore::deliver(Grants grants) {
    for (Grant& grant : grants)
        deliver(std::move(grant));
}

std::unique_ptr<Instance> PoolCore::create() {
    std::unique_ptr<Instance> instance = factory_();
    if (!instance) throw std::runtime_error("the pool's factory made no instance");
    return instance;
}

}  // namespace ember::pool
