// Worker threads, optionally pinned to CPUs, fed CPU-local first, in the
// fair order of the FairQueue.
#include "daemon/exec/executor.hpp"

#include <sched.h>

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "daemon/exec/cpu_affinity.hpp"

namespace ember::daemon {

Executor::Executor(std::size_t threads, const std::vector<int>& cpus, FairShare share,
                   std::function<void()> on_thread_start)
    : on_thread_start_(std::move(on_thread_start)), queue_(share) {
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

// An idle thread exists only while no waiting job may start (each job that
// becomes startable is taken at once: here, or by the thread whose
// finished job made it so), so the only job an idle thread can be handed
// here is the one just posted.
bool Executor::post(std::string_view key, std::function<void()> job) {
    const int cpu = ::sched_getcpu();
    std::unique_lock lock(mutex_);
    if (stopping_ || !queue_.push(key, std::move(job))) return false;
    Worker* worker = idle_worker_locked(cpu);
    if (!worker) return true;
    std::optional<FairQueue::Taken> taken = queue_.take();
    if (!taken) return true;
    worker->idle = false;
    worker->handed = std::move(taken);
    lock.unlock();
    worker->woken.notify_one();
    return true;
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
    return queue_.size();
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

// On stopping, a thread leaves once no waiting job may start: any job
// still waiting then belongs to a key at its share, whose running jobs'
// threads take it when they finish.
void Executor::run(Worker& self) {
    if (on_thread_start_) on_thread_start_();
    std::unique_lock lock(mutex_);
    if (!pin_calling_thread(self.cpu)) self.cpu = -1;
    for (;;) {
        std::optional<FairQueue::Taken> taken = std::exchange(self.handed, std::nullopt);
        if (!taken) taken = queue_.take();
        if (!taken) {
            if (stopping_) return;
            self.idle = true;
            self.woken.wait(lock, [&] { return self.handed || stopping_; });
            self.idle = false;
            continue;
        }
        lock.unlock();
        try {
            taken->job();
        } catch (const std::exception& e) {
            spdlog::error("executor job failed: {}", e.what());
        }
        taken->job = nullptr;  // its captures go before the lock is taken again
        lock.lock();
        queue_.finished(taken->key);
    }
}

}  // namespace ember::daemon
