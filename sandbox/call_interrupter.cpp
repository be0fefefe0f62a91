// Interruption as a flag every joined thread's call timer checks, and a
// kick of each of those timers so that a run under way sees it now.
#include "sandbox/call_interrupter.hpp"

#include <algorithm>

#include "sandbox/call_timer.hpp"

namespace ember::sandbox {

// The flag is set before the kicks: a run that arms its timer after a kick
// went by still finds the flag (CallTimer::arm checks it last).
void CallInterrupter::interrupt() {
    interrupted_.store(true);
    std::lock_guard lock(mutex_);
    for (CallTimer* timer : timers_)
        timer->kick();
}

void CallInterrupter::join(CallTimer& timer) {
    std::lock_guard lock(mutex_);
    timers_.push_back(&timer);
}

void CallInterrupter::leave(CallTimer& timer) {
    std::lock_guard lock(mutex_);
    timers_.erase(std::remove(timers_.begin(), timers_.end(), &timer), timers_.end());
}

}  // namespace ember::sandbox
