// ember-wake-probe: what handing work to another thread and back costs on
// this machine (two wake-ups through a condition variable), the price
// emberd pays per call to keep guests off its I/O thread. Prints the
// p50/p99 of the round trip in microseconds; --json for scripts.
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "loadtest/latency_histogram.hpp"
#include "loadtest/schedule.hpp"

namespace {

using namespace ember::loadtest;

constexpr int round_trips = 20000;

class PingPong {
  public:
    // The caller's side: wakes the other thread and waits to be woken back.
    void ping() {
        std::unique_lock lock(mutex_);
        ball_with_other_ = true;
        changed_.notify_one();
        changed_.wait(lock, [this] { return !ball_with_other_; });
    }
    // The other thread's side, for `count` round trips.
    void pong(int count) {
        for (int i = 0; i < count; ++i) {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return ball_with_other_; });
            ball_with_other_ = false;
            changed_.notify_one();
        }
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool ball_with_other_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    const bool json = argc > 1 && std::strcmp(argv[1], "--json") == 0;
    PingPong game;
    LatencyHistogram histogram;
    std::jthread other([&game] { game.pong(round_trips); });
    for (int i = 0; i < round_trips; ++i) {
        const Clock::time_point started = Clock::now();
        game.ping();
        histogram.record(elapsed_us(started, Clock::now()));
    }
    if (json)
        std::printf("{\"handoff_round_trip_p50_us\": %.1f, \"handoff_round_trip_p99_us\": %.1f}\n",
                    histogram.percentile(50), histogram.percentile(99));
    else
        std::printf("thread hand-off and back: p50 %.1f us, p99 %.1f us\n",
                    histogram.percentile(50), histogram.percentile(99));
    return 0;
}
