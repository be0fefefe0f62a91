// Ends guest runs before their deadlines: emberd's shutdown interrupts the
// calls still running when its drain grace is over.
//
// A thread that runs vCPUs joins an interrupter once, with
// CallTimer::for_this_thread().obey(interrupter); the interrupter must
// outlive the thread. From interrupt() on, a run on such a thread ends
// with GuestErrorKind::interrupted: a run under way within microseconds
// (its thread's call timer fires at once and kicks the vCPU out, as a
// deadline does), any later run before it enters the guest. Interruption
// is for good: nothing takes it back.
#pragma once

#include <atomic>
#include <mutex>
#include <vector>

namespace ember::sandbox {

class CallTimer;

class CallInterrupter {
  public:
    CallInterrupter() = default;
    CallInterrupter(const CallInterrupter&) = delete;
    CallInterrupter& operator=(const CallInterrupter&) = delete;

    // From any thread; idempotent.
    void interrupt();
    bool interrupted() const { return interrupted_.load(); }

  private:
    friend class CallTimer;
    void join(CallTimer& timer);
    void leave(CallTimer& timer);

    std::atomic<bool> interrupted_{false};
    std::mutex mutex_;
    std::vector<CallTimer*> timers_;  // guarded by mutex_
};

}  // namespace ember::sandbox
