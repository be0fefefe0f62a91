// The warm pool of one function version: ready sandboxes handed out without
// ever blocking the caller, grown on demand up to a bound, queued beyond it.
//
// acquire() never blocks and never makes an instance. It answers, exactly
// once, through its callback:
//   a ready instance (the most recently used one) — at once, on this thread;
//   a cold start (a reserved slot, Lease::cold_start()) when none is ready
//     or about to be (Lease::returning()) but fewer than `max` exist — at
//     once; the executor then calls Lease::materialize(), which runs the
//     factory;
//   later, when every instance is busy, or one is about to come back, and
//     the queue has room — from the thread that releases an instance or
//     frees a slot (FIFO), or with timed_out from the maintenance thread
//     when the deadline passes (late by at most about one factory call:
//     see maintenance.hpp);
//   overloaded — at once, when the queue is full too (an acquirer that a
//     returning instance will serve is queued even then);
//   no_memory — at once, when a new instance would be needed, the
//     MemoryBudget has no room for it and no instance of the pool exists
//     to wait for (with some, the pool waits as it does at `max`).
//
// Dropping a Lease restores its instance on the dropping thread; the next
// waiter, if any, gets it there. The Maintenance the pool is given, one
// thread shared by all pools, keeps `min` instances made (a factory that
// throws is retried after a backoff of 10 ms, doubling up to 1 s), shrinks
// ready ones idle longer than `idle`, oldest first, down to `min`, and
// expires waiters. Leases may outlive the Pool: once it is shut down they
// destroy their instance instead of returning it. With a MemoryBudget, every
// instance is paid for out of it (memory_budget.hpp says how).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "pool/acquired.hpp"
#include "pool/instance.hpp"
#include "pool/maintenance.hpp"
#include "pool/memory_budget.hpp"
#include "pool/pool_config.hpp"
#include "sandbox/call_timer.hpp"

namespace ember::pool {

class PoolCore;

class Pool {
  public:
    // Validates `config` (std::invalid_argument), reserves memory for `min`
    // instances of config.instance_bytes in `budget` (MemoryLimitError when
    // they do not fit; no budget: no limit) and attaches to `maintenance`,
    // which begins making `min` instances at once. See maintenance.hpp for
    // which of the two may be destroyed first. The pool and its leases keep
    // the budget alive.
    Pool(PoolConfig config, Factory factory, Maintenance& maintenance,
         std::shared_ptr<MemoryBudget> budget = nullptr);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    void acquire(sandbox::Deadline deadline, AcquireCallback on_ready);

    // Waits until `min` instances exist (ready or busy); false on timeout or
    // after shutdown. For /readyz at start-up.
    bool wait_warm(std::chrono::milliseconds timeout);
    // Why the latest attempt to make an instance failed; empty once one
    // succeeds. Tells a pool that cannot warm up from a slow one.
    std::string last_error() const;
    PoolStats stats() const;
    const PoolConfig& config() const;

    // Refuses later acquisitions, detaches from the Maintenance and waits
    // for a chore of this pool that its thread is running (e.g. a refill:
    // up to one factory call), fails the waiters with shutting_down (their
    // callbacks run on this thread) and destroys the ready instances. No
    // chore of the pool runs after it returns, unless it was called from
    // one (a callback on the maintenance thread may shut its pool down).
    // Idempotent; call it from one thread.
    void shutdown();

  private:
    std::shared_ptr<PoolCore> core_;
};

}  // namespace ember::pool
