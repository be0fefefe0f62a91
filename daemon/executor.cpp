// A fixed set of worker threads fed from one queue.
#include "daemon/executor.hpp"

#include <spdlog/spdlog.h>

namespace ember::daemon {

Executor::Executor(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this] { run(); });
}

Executor::~Executor() {
    shutdown();
}

void Executor::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_)
        thread.join();
    threads_.clear();
}

void Executor::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
}

std::size_t Executor::queued() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

void Executor::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            spdlog::error("executor job failed: {}", e.what());
        }
    }
}

}  // namespace ember::daemon
