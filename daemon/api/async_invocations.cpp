// Per-function async queues and their start-as-room-allows loop.
#include "daemon/api/async_invocations.hpp"

#include <spdlog/spdlog.h>

#include "daemon/api/call_record.hpp"

namespace ember::daemon {

AsyncInvocations::AsyncInvocations(Invoker& invoker, RecordStore& records,
                                   uint32_t max_queued_per_function, Capacity capacity,
                                   Finish finish)
    : invoker_(invoker),
      records_(records),
      max_queued_(max_queued_per_function),
      capacity_(std::move(capacity)),
      finish_(std::move(finish)) {}

AsyncInvocations::Submitted AsyncInvocations::submit(std::shared_ptr<CallRequest> call) {
    const std::string function = call->function;
    {
        std::lock_guard lock(mutex_);
        if (draining_) return Submitted::draining;
        Queue& queue = queues_[function];
        if (queue.waiting.size() >= max_queued_) return Submitted::queue_full;
        queue.waiting.push_back(std::move(call));
    }
    start(function);
    return Submitted::accepted;
}

// One thread at a time starts a function's calls; a call that ends while it
// does (even within invoke(), as a refused call does) only frees its slot,
// and the starting thread's loop sees the room. So the loop never recurses.
void AsyncInvocations::start(const std::string& function) {
    const uint32_t capacity = std::max<uint32_t>(1, capacity_(function));
    std::unique_lock lock(mutex_);
    const auto found = queues_.find(function);
    if (found == queues_.end() || found->second.starting) return;
    Queue& queue = found->second;
    queue.starting = true;
    while (!queue.waiting.empty() && queue.running < capacity) {
        std::shared_ptr<CallRequest> call = std::move(queue.waiting.front());
        queue.waiting.pop_front();
        ++queue.running;
        lock.unlock();
        if (const auto id = InvocationId::parse(call->id))
            records_.update(*id, [](InvocationRecord& r) { r.state = RecordState::running; });
        // Its timeout counts from now: the time it waited here was the queue's.
        call->received = Clock::now();
        invoker_.invoke(call, [this, function, call](const CallEnd& end) {
            finish_(*call, end);
            ended(function);
        });
        lock.lock();
    }
    queue.starting = false;
    if (queue.waiting.empty() && queue.running == 0) {
        queues_.erase(found);
        idle_.notify_all();
    }
}

void AsyncInvocations::ended(const std::string& function) {
    {
        std::lock_guard lock(mutex_);
        const auto found = queues_.find(function);
        if (found == queues_.end()) return;
        --found->second.running;
    }
    start(function);
}

bool AsyncInvocations::drain(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    draining_ = true;
    if (idle_.wait_until(lock, deadline, [this] { return queues_.empty(); })) return true;
    std::size_t cancelled = 0;
    for (auto& [function, queue] : queues_) {
        for (const auto& call : queue.waiting) {
            if (const auto id = InvocationId::parse(call->id)) {
                records_.update(*id, [](InvocationRecord& r) {
                    record_cancelled(r, ApiError::unavailable,
                                     "emberd shut down before the call could start");
                });
            }
            ++cancelled;
        }
        queue.waiting.clear();
    }
    spdlog::warn("drain: cancelled {} async calls that had not started", cancelled);
    return false;
}

std::size_t AsyncInvocations::queued() const {
    std::lock_guard lock(mutex_);
    std::size_t total = 0;
    for (const auto& [function, queue] : queues_)
        total += queue.waiting.size();
    return total;
}

}  // namespace ember::daemon
