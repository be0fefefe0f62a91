// The per-call deadline. Each thread that runs vCPUs owns a POSIX timer that
// signals that very thread; the signal handler sets kvm_run.immediate_exit of
// the vCPU the thread is running. A kick can therefore never be lost: if it
// lands while the thread is in KVM_RUN, the ioctl returns EINTR; if it lands
// just before, immediate_exit makes the next KVM_RUN return at once.
#pragma once

#include <linux/kvm.h>
#include <time.h>

#include <chrono>

namespace ember::sandbox {

using Deadline = std::chrono::steady_clock::time_point;

class CallTimer {
  public:
    // The timer of the calling thread, created on first use.
    static CallTimer& for_this_thread();

    // From now until disarm(), `run` is kicked out of the guest at `deadline`.
    void arm(kvm_run& run, Deadline deadline);
    void disarm();

    CallTimer(const CallTimer&) = delete;
    CallTimer& operator=(const CallTimer&) = delete;
    ~CallTimer();

  private:
    CallTimer();
    timer_t timer_{};
};

}  // namespace ember::sandbox
