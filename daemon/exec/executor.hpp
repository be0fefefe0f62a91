// The threads that run guest calls and cold boots. KVM_RUN blocks its
// thread, so none of this work may run on the HTTP I/O threads.
//
// A job goes to an idle thread, preferably one pinned to the CPU that posts
// it (the I/O thread posts each call; see cpu_affinity.hpp for why). With no
// idle thread the job waits for the first thread to finish.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ember::daemon {

class Executor {
  public:
    // Thread i is pinned to cpu_for_thread(cpus, i); none when `cpus` is
    // empty. A thread the kernel refuses to pin runs unpinned.
    Executor(std::size_t threads, const std::vector<int>& cpus);
    ~Executor();  // shutdown()

    // Runs what is queued, then joins the threads. Call it before anything
    // the jobs use goes away. Idempotent; from one thread.
    void shutdown();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    // Queues `job`; jobs must not throw (an escaping exception is logged).
    void post(std::function<void()> job);
    // Jobs waiting for a thread to come free.
    std::size_t queued() const;
    // Threads asleep, waiting for a job.
    std::size_t idle() const;
    // The CPU each thread is pinned to, -1 for an unpinned one; complete
    // once the threads have started (idle() == threads, for instance).
    std::vector<int> thread_cpus() const;

  private:
    struct Worker {
        int cpu = -1;                  // guarded by mutex_, as is the rest
        bool idle = false;             // asleep, waiting for `handed`
        std::function<void()> handed;  // a job given to this thread
        std::condition_variable woken;
        std::thread thread;
    };

    void run(Worker& self);
    Worker* idle_worker_locked(int cpu);  // prefers one pinned to `cpu`

    mutable std::mutex mutex_;
    std::deque<std::function<void()>> backlog_;
    bool stopping_ = false;
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace ember::daemon
