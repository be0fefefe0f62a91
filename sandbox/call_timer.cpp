// Per-thread deadline timers that kick a vCPU out of KVM_RUN.
#include "sandbox/call_timer.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <system_error>

#include "sandbox/call_interrupter.hpp"

namespace ember::sandbox {

namespace {

thread_local std::atomic<kvm_run*> running{nullptr};

int kick_signal() {
    return SIGRTMIN + 3;
}

void on_kick(int) {
    if (kvm_run* run = running.load(std::memory_order_relaxed)) run->immediate_exit = 1;
}

void install_handler_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = on_kick;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;  // no SA_RESTART: KVM_RUN must return EINTR
        if (::sigaction(kick_signal(), &action, nullptr) != 0) {
            throw std::system_error(errno, std::generic_category(), "sigaction");
        }
    });
}

timespec to_timespec(Deadline deadline) {
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch());
    return timespec{static_cast<time_t>(ns.count() / 1'000'000'000),
                    static_cast<long>(ns.count() % 1'000'000'000)};
}

}  // namespace

CallTimer& CallTimer::for_this_thread() {
    thread_local CallTimer timer;
    return timer;
}

CallTimer::CallTimer() {
    install_handler_once();
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = kick_signal();
    event._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
    // steady_clock is CLOCK_MONOTONIC on Linux, so deadlines need no conversion.
    if (::timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) {
        throw std::system_error(errno, std::generic_category(), "timer_create");
    }
}

CallTimer::~CallTimer() {
    if (interrupter_) interrupter_->leave(*this);
    ::timer_delete(timer_);
}

void CallTimer::arm(kvm_run& run, Deadline deadline) {
    running.store(&run, std::memory_order_relaxed);
    itimerspec spec{};
    spec.it_value = to_timespec(deadline);
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    if (::timer_settime(timer_, TIMER_ABSTIME, &spec, nullptr) != 0) {
        throw std::system_error(errno, std::generic_category(), "timer_settime");
    }
    // After the timer is set: an interruption whose kick this replaced is
    // seen here, one that comes later kicks the timer again.
    if (interrupted()) run.immediate_exit = 1;
}

void CallTimer::disarm() {
    itimerspec spec{};
    ::timer_settime(timer_, 0, &spec, nullptr);
    running.store(nullptr, std::memory_order_relaxed);
}

void CallTimer::obey(CallInterrupter& interrupter) {
    if (interrupter_) interrupter_->leave(*this);
    interrupter_ = &interrupter;
    interrupter.join(*this);
}

bool CallTimer::interrupted() const {
    return interrupter_ && interrupter_->interrupted();
}

// Relative 1 ns: the timer fires at once, and its signal goes to the
// owning thread as a deadline's would.
void CallTimer::kick() {
    itimerspec spec{};
    spec.it_value.tv_nsec = 1;
    ::timer_settime(timer_, 0, &spec, nullptr);
}

}  // namespace ember::sandbox
