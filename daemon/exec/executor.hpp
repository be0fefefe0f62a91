// The threads that run guest calls and cold boots. KVM_RUN blocks its
// thread, so none of this work may run on the HTTP I/O threads.
//
// Each job carries a key (emberd's calls: their function's name), and the
// waiting jobs are taken in the fair order of fair_queue.hpp: round robin
// over keys, each key's jobs on at most FairShare::threads_per_key threads
// at once, at most FairShare::max_queued jobs waiting. A job that may start
// goes to an idle thread, preferably one pinned to the CPU that posts it
// (the I/O thread posts each call; see cpu_affinity.hpp for why).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "daemon/exec/fair_queue.hpp"

namespace ember::daemon {

class Executor {
  public:
    // Thread i is pinned to cpu_for_thread(cpus, i); none when `cpus` is
    // empty. A thread the kernel refuses to pin runs unpinned. Each thread
    // runs `on_thread_start` (if any) before its first job; it must not throw.
    Executor(std::size_t threads, const std::vector<int>& cpus, FairShare share = {},
             std::function<void()> on_thread_start = {});
    ~Executor();  // shutdown()

    // Runs what is queued, then joins the threads. Call it before anything
    // the jobs use goes away. Idempotent; from one thread.
    void shutdown();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    // Queues `job` under `key`; jobs must not throw (an escaping exception
    // is logged). False, the job dropped unrun, when max_queued jobs wait
    // already or shutdown() has begun.
    [[nodiscard]] bool post(std::string_view key, std::function<void()> job);
    // Jobs waiting for a thread, all keys together.
    std::size_t queued() const;
    // Threads asleep, waiting for a job.
    std::size_t idle() const;
    // The CPU each thread is pinned to, -1 for an unpinned one; complete
    // once the threads have started (idle() == threads, for instance).
    std::vector<int> thread_cpus() const;

  private:
    struct Worker {
        int cpu = -1;                            // guarded by mutex_, as is the rest
        bool idle = false;                       // asleep, waiting for `handed`
        std::optional<FairQueue::Taken> handed;  // a job given to this thread
        std::condition_variable woken;
        std::thread thread;
    };

    void run(Worker& self);
    Worker* idle_worker_locked(int cpu);  // prefers one pinned to `cpu`

    const std::function<void()> on_thread_start_;
    mutable std::mutex mutex_;
    FairQueue queue_;
    bool stopping_ = false;
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace ember::daemon
