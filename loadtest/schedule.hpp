// When requests are sent: the open-loop constant-rate schedule, the
// closed-loop time window, and the pacer that serves both to the threads.
//
// Open loop: the i-th request is due at start + i/rate, whatever happened to
// the ones before it, and its latency counts from that intended time. A
// stalled server therefore shows up in every request that was due during the
// stall, instead of being hidden by a client that politely waits
// (coordinated omission). Connections claim slots in order with next(); a
// slot claimed late (every connection was busy) keeps its intended time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace ember::loadtest {

using Clock = std::chrono::steady_clock;

// Requests due before measure_from warm the server up and are not recorded;
// none is sent at or after end.
struct RunWindow {
    Clock::time_point start;
    Clock::time_point measure_from;
    Clock::time_point end;

    RunWindow(Clock::time_point start_at, Clock::duration warmup, Clock::duration measured);
    bool measured(Clock::time_point t) const { return t >= measure_from && t < end; }
    bool over(Clock::time_point t) const { return t >= end; }
    double measured_seconds() const;
};

struct Slot {
    uint64_t index = 0;
    Clock::time_point intended;
    bool measured = false;
};

class OpenLoopSchedule {
  public:
    // rate in requests per second, > 0.
    OpenLoopSchedule(RunWindow window, double rate);

    Clock::time_point intended(uint64_t index) const;
    // The slot `index`, or nothing once it would be due at or after the end.
    std::optional<Slot> slot(uint64_t index) const;
    // Claims the next unclaimed slot; safe from any number of threads.
    std::optional<Slot> next();
    const RunWindow& window() const { return window_; }

  private:
    RunWindow window_;
    double seconds_per_request_;
    std::atomic<uint64_t> next_{0};
};

// The slots of a run in either mode, for the threads that send: the
// open-loop schedule's (rate given), or, closed loop, a slot due at once for
// every request until the window ends. Safe from any number of threads.
class Pacer {
  public:
    Pacer(RunWindow window, std::optional<double> rate);

    // The next slot to send, given the time now; nothing once the run has
    // no more requests to send.
    std::optional<Slot> next(Clock::time_point now);

  private:
    std::optional<OpenLoopSchedule> open_;
    RunWindow window_;
};

// Whole microseconds from `from` to `to`, rounded; 0 if `to` is earlier.
uint64_t elapsed_us(Clock::time_point from, Clock::time_point to);

}  // namespace ember::loadtest
