// The state one pool shares with its leases and the maintenance thread.
// Internal to ember_pool: the daemon uses Pool, Maintenance, Lease and
// Acquired.
//
// Invariants, under mutex_:
//   ready + busy + creating <= max (ready = idle_.size());
//   returning <= busy: busy instances whose lease announced their return;
//   waiters are queued only while nothing is ready and either max is reached,
//   or the budget has no room for one more (while some instance exists:
//   without any, acquire() refuses no_memory), or every waiter can count on
//   a returning instance (ready within a restore, sooner than a new one), so
//   a freed instance or slot always goes to the longest waiter first, a
//   slot with its memory (so no waiter is ever left with neither an instance
//   to wait for nor memory for one); beyond max_queue only the last kind;
//   memory_ holds max(ready + busy + creating, min) instances until stop(),
//   ready + busy + creating after it.
// Nothing here calls a callback, the factory or restore() with mutex_ held.
// Lock order: mutex_, then the Maintenance's lock (never the reverse).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pool/acquired.hpp"
#include "pool/instance.hpp"
#include "pool/maintenance.hpp"
#include "pool/memory_budget.hpp"
#include "pool/pool_config.hpp"
#include "pool/waiter_queue.hpp"

namespace ember::pool {

class PoolCore : public std::enable_shared_from_this<PoolCore> {
  public:
    using Clock = std::chrono::steady_clock;

    // Throws MemoryLimitError when `budget` has no room for `min` instances.
    PoolCore(PoolConfig config, Factory factory, Maintenance& maintenance,
             std::shared_ptr<MemoryBudget> budget);
    // Attaches to the Maintenance, which begins making `min` instances.
    // Call it once, after the core is owned by a shared_ptr.
    void start();

    // For Pool (pool.hpp documents these).
    void acquire(sandbox::Deadline deadline, AcquireCallback on_ready);
    bool wait_warm(std::chrono::milliseconds timeout);
    std::string last_error() const;
    PoolStats stats() const;
    const PoolConfig& config() const { return config_; }
    // Refuses new acquisitions, detaches from the Maintenance, waits for a
    // chore of this pool running on its thread (unless called there), fails
    // the waiters with shutting_down on the calling thread and destroys the
    // ready instances. After it, nothing here touches the Maintenance.
    void stop() noexcept;

    // For Lease.
    std::unique_ptr<Instance> make_for_lease();
    void expect_return() noexcept;
    // `announced`: the lease called expect_return() for this instance.
    void give_back(std::unique_ptr<Instance> instance, bool announced) noexcept;
    void destroy(std::unique_ptr<Instance> instance, bool announced) noexcept;
    void free_slot() noexcept;

    // For Maintenance, on its thread (pool_chores.cpp). Expires waiters,
    // shrinks, and asks for the next timer and any refill due.
    void run_timers() noexcept;
    // Makes one instance if the pool is still below `min`.
    void refill_one() noexcept;

  private:
    struct Idle {
        std::unique_ptr<Instance> instance;
        Clock::time_point since;
    };
    // An instance (or, when null, a reserved slot) promised to a callback.
    struct Grant {
        AcquireCallback on_ready;
        std::unique_ptr<Instance> instance;
    };
    using Grants = std::vector<Grant>;

    // pool_core.cpp
    std::size_t total_locked() const { return idle_.size() + busy_ + creating_; }
    bool worth_waiting_locked(sandbox::Deadline deadline) const;
    // Below max and with memory for one more instance (reserved for it now):
    // grant a cold slot next.
    bool reserve_new_locked();
    // Gives back the memory the invariant no longer asks memory_ to hold.
    void settle_memory_locked() noexcept;
    Grant grant_locked(AcquireCallback on_ready);
    Grants grants_locked();
    void deliver(Grant grant);
    void deliver(Grants grants);
    std::unique_ptr<Instance> create();
    void slot_freed_locked(Grants& grants);

    // pool_chores.cpp
    std::vector<std::unique_ptr<Instance>> take_stale_locked(Clock::time_point now);
    void refill_done(std::unique_ptr<Instance> instance);
    void refill_failed(std::string error);
    void chores_done() noexcept;
    Clock::time_point shrink_due_locked() const;
    Clock::time_point refill_due_locked() const;
    // Has run_timers() called by `when` at the latest.
    void poke_locked(Clock::time_point when);
    // Below `min`: queues a refill, or a timer for the end of the backoff.
    void request_refill_locked();

    const PoolConfig config_;
    const Factory factory_;
    Maintenance& maintenance_;  // not used after stop(): it may be gone then
    Maintenance::Id id_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable warm_;         // wait_warm() sleeps on it
    std::condition_variable chores_done_;  // stop() waits on it for chores_running_
    std::deque<Idle> idle_;                // back: most recently restored (LIFO reuse)
    WaiterQueue waiters_;
    std::size_t busy_ = 0;
    std::size_t returning_ = 0;
    std::size_t creating_ = 0;
    bool stopping_ = false;
    // When the Maintenance will call run_timers() by itself; max(): never.
    Clock::time_point timer_at_ = Clock::time_point::max();
    bool refill_queued_ = false;   // in the Maintenance's refill queue, or running
    bool chores_running_ = false;  // the Maintenance runs a chore outside mutex_
    Clock::time_point refill_retry_at_ = Clock::time_point::min();
    std::chrono::milliseconds refill_backoff_{0};
    std::string last_error_;
    PoolStats counters_;  // only the cumulative counters are kept here
    MemoryReservation memory_;
};

}  // namespace ember::pool
