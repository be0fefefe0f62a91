// The open-loop schedule and the run window (see schedule.hpp).
#include "loadtest/schedule.hpp"

#include <cmath>
#include <stdexcept>

namespace ember::loadtest {

RunWindow::RunWindow(Clock::time_point start_at, Clock::duration warmup, Clock::duration measured)
    : start(start_at), measure_from(start_at + warmup), end(start_at + warmup + measured) {}

double RunWindow::measured_seconds() const {
    return std::chrono::duration<double>(end - measure_from).count();
}

OpenLoopSchedule::OpenLoopSchedule(RunWindow window, double rate)
    : window_(window), seconds_per_request_(1.0 / rate) {
    if (!(rate > 0) || !std::isfinite(rate)) throw std::invalid_argument("rate must be > 0");
}

// Computed from the index rather than accumulated, so rounding never drifts.
Clock::time_point OpenLoopSchedule::intended(uint64_t index) const {
    const std::chrono::duration<double> offset(static_cast<double>(index) * seconds_per_request_);
    return window_.start + std::chrono::duration_cast<Clock::duration>(offset);
}

std::optional<Slot> OpenLoopSchedule::slot(uint64_t index) const {
    const Clock::time_point due = intended(index);
    if (window_.over(due)) return std::nullopt;
    return Slot{index, due, window_.measured(due)};
}

std::optional<Slot> OpenLoopSchedule::next() {
    return slot(next_.fetch_add(1, std::memory_order_relaxed));
}

Pacer::Pacer(RunWindow window, std::optional<double> rate) : window_(window) {
    if (rate) open_.emplace(window, *rate);
}

std::optional<Slot> Pacer::next(Clock::time_point now) {
    if (open_) return open_->next();
    if (window_.over(now)) return std::nullopt;
    return Slot{0, now, window_.measured(now)};
}

uint64_t elapsed_us(Clock::time_point from, Clock::time_point to) {
    if (to <= from) return 0;
    const std::chrono::duration<double, std::micro> us = to - from;
    return static_cast<uint64_t>(std::llround(us.count()));
}

}  // namespace ember::loadtest
