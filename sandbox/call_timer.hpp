// The per-call deadline. Each thread that runs vCPUs owns a POSIX timer that
// signals that very thread; the signal handler sets kvm_run.immediate_exit of
// the vCPU the thread is running. A kick can therefore never be lost: if it
// lands while the thread is in KVM_RUN, the ioctl returns EINTR; if it lands
// just before, immediate_exit makes the next KVM_RUN return at once. The
// same kick ends a run early when a CallInterrupter the thread obeys
// interrupts it (call_interrupter.hpp).
#pragma once

#include <linux/kvm.h>
#include <time.h>

#include <chrono>

namespace ember::sandbox {

class CallInterrupter;

using Deadline = std::chrono::steady_clock::time_point;

class CallTimer {
  public:
    // The timer of the calling thread, created on first use.
    static CallTimer& for_this_thread();

    // From now until disarm(), `run` is kicked out of the guest at `deadline`.
    void arm(kvm_run& run, Deadline deadline);
    void disarm();

    // From now on this thread's runs end when `interrupter` interrupts,
    // which must outlive the thread. One interrupter per thread: a later
    // call replaces the earlier.
    void obey(CallInterrupter& interrupter);
    // The interrupter this thread obeys has interrupted.
    bool interrupted() const;

    CallTimer(const CallTimer&) = delete;
    CallTimer& operator=(const CallTimer&) = delete;
    ~CallTimer();

  private:
    friend class CallInterrupter;
    CallTimer();
    // From any thread: fires the timer now, kicking the run under way.
    void kick();

    timer_t timer_{};
    CallInterrupter* interrupter_ = nullptr;  // set and read by the owning thread
};

}  // namespace ember::sandbox
