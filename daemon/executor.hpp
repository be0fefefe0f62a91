// The threads that run guest calls and cold boots. KVM_RUN blocks its
// thread, so none of this work may run on the HTTP I/O threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ember::daemon {

class Executor {
  public:
    explicit Executor(std::size_t threads);
    ~Executor();  // shutdown()

    // Runs what is queued, then joins the threads. Call it before anything
    // the jobs use goes away. Idempotent; from one thread.
    void shutdown();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    // Queues `job`; jobs must not throw (an escaping exception is logged).
    void post(std::function<void()> job);
    std::size_t queued() const;

  private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace ember::daemon
