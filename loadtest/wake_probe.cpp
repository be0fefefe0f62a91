// ember-wake-probe: what handing work to another thread costs on this
// machine, the price emberd pays per call to keep guests off its I/O thread
// (the I/O thread posts the call to an executor thread, which wakes up and
// replies itself). Like a request at a modest rate, each hand-off finds the
// other thread asleep. Prints the p50/p99 from the notify to the other
// thread running, in microseconds; --json for scripts.
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "loadtest/latency_histogram.hpp"
#include "loadtest/schedule.hpp"

namespace {

using namespace ember::loadtest;

constexpr int hand_offs = 2000;
// Long enough for the woken thread to be asleep again, and its CPU idle.
constexpr std::chrono::microseconds gap{500};

// One job at a time: the time it was handed over, taken by the other thread.
class HandOff {
  public:
    void give(Clock::time_point handed) {
        {
            std::lock_guard lock(mutex_);
            handed_ = handed;
            full_ = true;
        }
        changed_.notify_all();
    }
    Clock::time_point take() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return full_; });
        full_ = false;
        return handed_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    Clock::time_point handed_;
    bool full_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    const bool json = argc > 1 && std::strcmp(argv[1], "--json") == 0;
    HandOff to_worker;
    HandOff done;
    LatencyHistogram histogram;
    std::jthread worker([&] {
        for (int i = 0; i < hand_offs; ++i) {
            const Clock::time_point handed = to_worker.take();
            histogram.record(elapsed_us(handed, Clock::now()));
            done.give(Clock::now());
        }
    });
    for (int i = 0; i < hand_offs; ++i) {
        std::this_thread::sleep_for(gap);
        to_worker.give(Clock::now());
        done.take();
    }
    worker.join();
    if (json)
        std::printf("{\"handoff_p50_us\": %.1f, \"handoff_p99_us\": %.1f}\n",
                    histogram.percentile(50), histogram.percentile(99));
    else
        std::printf("hand-off to a sleeping thread: p50 %.1f us, p99 %.1f us\n",
                    histogram.percentile(50), histogram.percentile(99));
    return 0;
}
