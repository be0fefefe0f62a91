// The one thread that does the background chores of every pool: a timer
// queue of the pools' next due times and a queue of pools below `min`.
//
// Each pool tells it when its next timed chore falls due (a waiter's
// deadline, an idle instance to shrink, the end of a factory backoff) and
// when it wants an instance made. The thread sleeps until the earliest due
// time across all pools and then:
//   first runs every timed chore that is due, pool by pool in due order:
//     expiring waiters and shrinking are cheap (at worst an idle instance
//     is destroyed) and never run the factory;
//   then makes one instance for the pool at the head of the refill queue,
//     which goes to the back if it still needs more (round robin, so one
//     big pool does not starve the others of their first instances);
//   and looks at the timers again before the next refill.
// So refills run on this thread, one at a time, and a waiter expires late
// by at most the one factory call in progress (about half a millisecond
// for a VM) and the other chores due before it, never by a queue of
// refills. We keep to one thread for that price; the other cost: a factory
// that hangs stalls the chores of every pool, not only its own (executors
// still make cold starts, but queued waiters are not expired meanwhile).
// Warming many pools at once takes the sum of their factory calls.
//
// Lifetime contract:
//   Create it before the pools that use it, destroy it after they are shut
//   down (in main: declare it before the registry). The thread holds pools
//   only weakly, and Pool::shutdown() takes a pool off the queues and waits
//   for a chore of that pool already running here, so a pool may be shut
//   down or destroyed at any time, from any thread, even from a callback
//   running on this thread.
//   If it is destroyed first, the destructor stops the thread and then
//   shuts down every pool still using it, on the destroying thread (their
//   waiters fail with shutting_down); those Pools stay safe to use and to
//   destroy, they only refuse acquisitions.
//   Never destroy it from a callback running on its own thread, nor while
//   another thread shuts one of its pools down.
// Thread-safe. attach() and the members after it are for PoolCore.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace ember::pool {

class PoolCore;

class Maintenance {
  public:
    using Clock = std::chrono::steady_clock;
    using Id = std::uint64_t;

    // Starts the thread.
    Maintenance();
    // Stops the thread, then shuts down the pools still attached.
    ~Maintenance();
    Maintenance(const Maintenance&) = delete;
    Maintenance& operator=(const Maintenance&) = delete;

    // Registers a pool: its chores run until detach().
    Id attach(std::weak_ptr<PoolCore> core);
    // Forgets the pool's timer and refill request. A chore of it that is
    // already running finishes (PoolCore::stop() waits for that).
    void detach(Id id) noexcept;
    // Runs the pool's run_timers() at `when`, or earlier if it is already
    // due earlier. The caller may hold its pool's lock (never the reverse).
    void wake_at(Id id, Clock::time_point when);
    // Queues one refill_one() of the pool, after every due timer.
    void queue_refill(Id id);
    // True on the maintenance thread itself.
    bool on_thread() const { return std::this_thread::get_id() == thread_id_.load(); }

  private:
    struct Attached {
        std::weak_ptr<PoolCore> core;
        Clock::time_point due = Clock::time_point::max();  // max(): no timer
    };

    void run();
    std::shared_ptr<PoolCore> take_due_timer_locked(Clock::time_point now);
    std::shared_ptr<PoolCore> take_refill_locked();
    void sleep_locked(std::unique_lock<std::mutex>& lock);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<Id, Attached> pools_;
    std::set<std::pair<Clock::time_point, Id>> timers_;  // one per pool at most
    std::deque<Id> refills_;  // may name detached pools: they are skipped
    Id next_id_ = 0;
    bool stopping_ = false;
    // When the thread will wake by itself; min() while it is awake.
    Clock::time_point sleeping_until_ = Clock::time_point::min();
    // Set by the thread itself, so on_thread() need not read thread_,
    // which join() writes.
    std::atomic<std::thread::id> thread_id_{};
    std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace ember::pool
