// Worker threads, optionally pinned to CPUs, fed CPU-local first.
#include "daemon/exec/executor.hpp"

#include <sched.h>

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "daemon/exec/cpu_affinity.hpp"

namespace ember::daemon {

Executor::Executor(std::size_t threads, const std::vector<int>& cpus) {
    for (std::size_t i = 0; i < threads; ++i) {
        workers_.push_back(std::make_unique<Worker>());
        workers_.back()->cpu = cpu_for_thread(cpus, i);
    }
    for (const auto& worker : workers_)
        worker->thread = std::thread([this, &self = *worker] { run(self); });
}

Executor::~Executor() {
    shutdown();
}

void Executor::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    for (const auto& worker : workers_)
        worker->woken.notify_one();
    for (const auto& worker : workers_)
        if (worker->thread.joinable()) worker->thread.join();
}

void Executor::post(std::function<void()> job) {
    const int cpu = ::sched_getcpu();
    std::unique_lock lock(mutex_);
    Worker* worker = stopping_ ? nullptr : idle_worker_locked(cpu);
    if (!worker) {
        backlog_.push_back(std::move(job));
        return;
    }
    worker->idle = false;
    worker->handed = std::move(job);
    lock.unlock();
    worker->woken.notify_one();
}

Executor::Worker* Executor::idle_worker_locked(int cpu) {
    Worker* any = nullptr;
    for (const auto& worker : workers_) {
        if (!worker->idle) continue;
        if (worker->cpu == cpu) return worker.get();
        if (!any) any = worker.get();
    }
    return any;
}

std::size_t Executor::queued() const {
    std::lock_guard lock(mutex_);
    return backlog_.size();
}

std::size_t Executor::idle() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(workers_.begin(), workers_.end(),
                                                  [](const auto& worker) { return worker->idle; }));
}

std::vector<int> Executor::thread_cpus() const {
    std::lock_guard lock(mutex_);
    std::vector<int> cpus;
    for (const auto& worker : workers_)
        cpus.push_back(worker->cpu);
    return cpus;
}

void Executor::run(Worker& self) {
    std::unique_lock lock(mutex_);
    if (!pin_calling_thread(self.cpu)) self.cpu = -1;
    for (;;) {
        std::function<void()> job;
        if (self.handed) {
            job = std::exchange(self.handed, nullptr);
        } else if (!backlog_.empty()) {
            job = std::move(backlog_.front());
            backlog_.pop_front();
        } else if (stopping_) {
            return;
        } else {
            self.idle = true;
            self.woken.wait(lock, [&] { return self.handed || stopping_; });
            self.idle = false;
            continue;
        }
        lock.unlock();
        try {
            job();
        } catch (const std::exception& e) {
            spdlog::error("executor job failed: {}", e.what());
        }
        job = nullptr;  // its captures go before the lock is taken again
        lock.lock();
    }
}

}  // namespace ember::daemon
