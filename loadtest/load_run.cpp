// The threads of a load run (see load_run.hpp).
#include "loadtest/load_run.hpp"

#include <sys/epoll.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <ctime>
#include <deque>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "base/unique_fd.hpp"
#include "loadtest/http_client.hpp"

namespace ember::loadtest {
namespace {

// Time for every thread to start and connect before the first request is due.
constexpr std::chrono::milliseconds start_delay{100};
// A refused connection would otherwise be retried in a hot loop.
constexpr std::chrono::milliseconds error_pause{1};
// Waking from a sleep is late by tens of microseconds here (timer slack, a
// nested hypervisor), and that lateness would count as the server's latency:
// an open-loop thread sleeps until shortly before a slot is due, then polls.
constexpr std::chrono::microseconds spin_margin{200};

// epoll_pwait2, whose timeout is in nanoseconds, or, where the kernel (before
// 5.11) or valgrind does not know it, epoll_wait with the timeout rounded
// down to whole milliseconds: woken early, the caller polls until it is time.
int epoll_wait_for(int epoll_fd, std::array<epoll_event, 64>& events,
                   std::optional<std::chrono::nanoseconds> timeout) {
    static std::atomic<bool> nanoseconds{true};
    const int most = static_cast<int>(events.size());
    if (nanoseconds.load(std::memory_order_relaxed)) {
        timespec ts{};
        if (timeout) {
            ts.tv_sec = static_cast<time_t>(timeout->count() / 1'000'000'000);
            ts.tv_nsec = static_cast<long>(timeout->count() % 1'000'000'000);
        }
        const int n =
            ::epoll_pwait2(epoll_fd, events.data(), most, timeout ? &ts : nullptr, nullptr);
        if (n >= 0 || errno != ENOSYS) return n;
        nanoseconds.store(false, std::memory_order_relaxed);
    }
    const auto ms =
        timeout ? std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count() : -1;
    return ::epoll_wait(epoll_fd, events.data(), most,
                        static_cast<int>(std::min<int64_t>(ms, 60'000)));
}

// One connection and the request it has in flight, if any.
struct Lane {
    Lane(const Target& target, int epoll_fd, uint64_t tag) : connection(target, epoll_fd, tag) {}

    HttpConnection connection;
    Slot slot;
    bool busy = false;
    Clock::time_point paused_until{};  // after a transport error
};

// The connections of one thread and its epoll loop.
class Worker {
  public:
    Worker(const Target& target, unsigned connections, Pacer& pacer, LoadTally& tally)
        : epoll_(::epoll_create1(EPOLL_CLOEXEC)), pacer_(pacer), tally_(tally) {
        if (!epoll_) throw std::system_error(errno, std::generic_category(), "epoll_create1");
        for (unsigned i = 0; i < connections; ++i)
            free_.push_back(&lanes_.emplace_back(target, epoll_.get(), i));
    }

    void run(Clock::time_point start) {
        for (Lane& lane : lanes_)
            lane.connection.connect();  // a failure is retried, and counted, at the first send
        std::this_thread::sleep_until(start);
        std::array<epoll_event, 64> events;
        while (send_due(), !(exhausted_ && in_flight_ == 0)) {
            const int n = wait(events);
            const Clock::time_point done = Clock::now();
            for (int i = 0; i < n; ++i) {
                const epoll_event& event = events[static_cast<std::size_t>(i)];
                Lane& lane = lanes_[event.data.u64];
                // An idle connection's event is the server closing it: the
                // connection closes, and no request was waiting for it.
                if (lane.connection.on_event(event.events) && lane.busy) complete(lane, done);
            }
        }
    }

  private:
    // Sends every request that is due on a connection that is free.
    void send_due() {
        for (Clock::time_point now = Clock::now(); !exhausted_; now = Clock::now()) {
            while (!paused_.empty() && paused_.front()->paused_until <= now) {
                free_.push_back(paused_.front());
                paused_.pop_front();
            }
            if (free_.empty()) return;
            if (!due_ && !(due_ = pacer_.next(now))) {
                exhausted_ = true;
                return;
            }
            if (due_->intended > now) return;
            Lane& lane = *free_.front();
            free_.pop_front();
            lane.slot = *due_;
            due_.reset();
            lane.busy = true;
            ++in_flight_;
            if (lane.connection.send()) complete(lane, Clock::now());
        }
    }

    void complete(Lane& lane, Clock::time_point done) {
        const Reply& reply = lane.connection.reply();
        if (lane.slot.measured) tally_.add(reply, elapsed_us(lane.slot.intended, done), done);
        lane.busy = false;
        --in_flight_;
        if (reply.transported()) {
            free_.push_back(&lane);
        } else {
            lane.paused_until = done + error_pause;
            paused_.push_back(&lane);  // in order of their pauses' ends: all last error_pause
        }
    }

    // Until an event, or until the next thing this thread must do itself.
    int wait(std::array<epoll_event, 64>& events) {
        const std::optional<Clock::time_point> until = wake_time();
        std::optional<std::chrono::nanoseconds> left;
        if (until)
            left = std::max(
                std::chrono::nanoseconds::zero(),
                std::chrono::duration_cast<std::chrono::nanoseconds>(*until - Clock::now()));
        const int n = epoll_wait_for(epoll_.get(), events, left);
        if (n < 0 && errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "epoll_wait");
        return std::max(n, 0);
    }

    // A free connection and a slot claimed for it, waiting for its time
    // (woken spin_margin early, then polling), or one paused after an
    // error; nothing when every connection waits for a response.
    std::optional<Clock::time_point> wake_time() const {
        if (exhausted_) return std::nullopt;
        std::optional<Clock::time_point> free;
        if (!free_.empty())
            free = Clock::now();
        else if (!paused_.empty())
            free = paused_.front()->paused_until;
        if (free && due_) return std::max(*free, due_->intended - spin_margin);
        return free;
    }

    UniqueFd epoll_;
    std::deque<Lane> lanes_;
    // Connections without a request in flight, in the order they became
    // free (first in, first out: each stays in use, so that a server's idle
    // timeout does not close it in an open-loop run's pauses).
    std::deque<Lane*> free_;
    std::deque<Lane*> paused_;  // after a transport error, until paused_until
    Pacer& pacer_;
    LoadTally& tally_;
    std::optional<Slot> due_;  // claimed from the pacer, not yet sent
    bool exhausted_ = false;   // the pacer has no more slots
    unsigned in_flight_ = 0;
};

RunWindow make_window(const LoadOptions& o) {
    using std::chrono::duration_cast;
    return RunWindow(Clock::now() + start_delay, duration_cast<Clock::duration>(o.warmup),
                     duration_cast<Clock::duration>(o.duration));
}

}  // namespace

void LoadTally::add(const Reply& reply, uint64_t latency_us, Clock::time_point done) {
    last_done = std::max(last_done, done);
    if (!reply.transported()) {
        ++transport_errors;
        return;
    }
    latency.record(latency_us);
    ++(reply.ok() ? ok : non_2xx);
    if (reply.sandbox_us) sandbox.record(static_cast<uint64_t>(std::llround(*reply.sandbox_us)));
    for (const auto& [name, us] : reply.server_timing)
        server[name].record(static_cast<uint64_t>(std::llround(us)));
    if (reply.cold_start) ++cold_starts;
}

void LoadTally::merge(const LoadTally& other) {
    latency.merge(other.latency);
    sandbox.merge(other.sandbox);
    for (const auto& [name, histogram] : other.server)
        server[name].merge(histogram);
    ok += other.ok;
    non_2xx += other.non_2xx;
    transport_errors += other.transport_errors;
    cold_starts += other.cold_starts;
    last_done = std::max(last_done, other.last_done);
}

double LoadResult::rps() const {
    return seconds > 0 ? static_cast<double>(tally.ok + tally.non_2xx) / seconds : 0.0;
}

unsigned thread_count(const LoadOptions& o, unsigned cores) {
    const unsigned wanted = o.threads.value_or(std::max(1u, cores));
    return std::clamp(wanted, 1u, o.connections);
}

LoadResult run_load(const LoadOptions& o) {
    const Target target(o.url, o.request);
    const unsigned threads = thread_count(o, std::thread::hardware_concurrency());
    const RunWindow window = make_window(o);
    Pacer pacer(window, o.rate);
    std::vector<LoadTally> tallies(threads);
    std::deque<Worker> workers;
    for (unsigned t = 0; t < threads; ++t)  // connections dealt out like cards
        workers.emplace_back(target, o.connections / threads + (t < o.connections % threads), pacer,
                             tallies[t]);
    {
        std::vector<std::jthread> running;
        for (Worker& worker : workers)
            running.emplace_back([&worker, &window] { worker.run(window.start); });
    }
    LoadResult result;
    result.threads = threads;
    for (const LoadTally& tally : tallies)
        result.tally.merge(tally);
    // A server that fell behind answers after the window: its rate is what it
    // actually served, not what was asked.
    const Clock::time_point last = std::max(window.end, result.tally.last_done);
    result.seconds = std::chrono::duration<double>(last - window.measure_from).count();
    return result;
}

}  // namespace ember::loadtest
