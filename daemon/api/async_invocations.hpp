// The calls accepted with `Prefer: respond-async`: a bounded queue per
// function, from which calls start as the function has room for them.
//
// At most as many of a function's async calls run at once as it has
// sandboxes (its pool_max, asked through `capacity`), so that the queue,
// not the pool's short wait list, holds the backlog, and each call's
// timeout counts from when it starts, not from when it was accepted.
//
// Records: the caller stores the record (state queued) before submit();
// this marks it running when the call starts and cancelled when drain()
// gives up on it; the caller's `finish` records how it ended.
//
// Thread-safe. A call's end may come on any thread, or within start().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "daemon/exec/invoker.hpp"
#include "daemon/records/record_store.hpp"

namespace ember::daemon {

class AsyncInvocations {
  public:
    // How many calls of the function may run at once.
    using Capacity = std::function<uint32_t(const std::string& function)>;
    // Records the end of an async call (then the next one may start).
    using Finish = std::function<void(const CallRequest&, const CallEnd&)>;

    AsyncInvocations(Invoker& invoker, RecordStore& records, uint32_t max_queued_per_function,
                     Capacity capacity, Finish finish);

    enum class Submitted { accepted, queue_full, draining };
    Submitted submit(std::shared_ptr<CallRequest> call);

    // Takes no more calls, waits until every accepted call has ended or
    // `deadline` has passed, then marks the calls that never started
    // cancelled. True when none was left.
    bool drain(Clock::time_point deadline);

    // Calls waiting to start, of every function.
    std::size_t queued() const;

  private:
    struct Queue {
        std::deque<std::shared_ptr<CallRequest>> waiting;
        uint32_t running = 0;
        bool starting = false;  // a thread is in start() for this function
    };

    void start(const std::string& function);
    void ended(const std::string& function);

    Invoker& invoker_;
    RecordStore& records_;
    const uint32_t max_queued_;
    const Capacity capacity_;
    const Finish finish_;
    mutable std::mutex mutex_;
    std::condition_variable idle_;                      // a function's queue became empty
    std::map<std::string, Queue, std::less<>> queues_;  // only functions with calls
    bool draining_ = false;
};

}  // namespace ember::daemon
