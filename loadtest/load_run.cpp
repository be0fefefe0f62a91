// The connection threads of a load run (see load_run.hpp).
#include "loadtest/load_run.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "loadtest/http_client.hpp"

namespace ember::loadtest {
namespace {

// Time for every thread to start and connect before the first request is due.
constexpr std::chrono::milliseconds start_delay{100};
// A refused connection would otherwise be retried in a hot loop.
constexpr std::chrono::milliseconds error_pause{1};

// Waking from a sleep is late by tens of microseconds here (timer slack, a
// nested hypervisor), and that lateness would count as the server's latency:
// sleep until shortly before the intended time, then spin.
constexpr std::chrono::microseconds spin_margin{200};

void wait_until(Clock::time_point when) {
    std::this_thread::sleep_until(when - spin_margin);
    while (Clock::now() < when) {
    }
}

void after(const Reply& reply) {
    if (!reply.transported()) std::this_thread::sleep_for(error_pause);
}

void open_loop(HttpConnection& connection, OpenLoopSchedule& schedule, LoadTally& tally) {
    while (const std::optional<Slot> slot = schedule.next()) {
        wait_until(slot->intended);
        const Reply reply = connection.round_trip();
        const Clock::time_point done = Clock::now();
        if (slot->measured) tally.add(reply, elapsed_us(slot->intended, done), done);
        after(reply);
    }
}

void closed_loop(HttpConnection& connection, const RunWindow& window, LoadTally& tally) {
    std::this_thread::sleep_until(window.start);
    for (Clock::time_point sent = Clock::now(); !window.over(sent); sent = Clock::now()) {
        const Reply reply = connection.round_trip();
        const Clock::time_point done = Clock::now();
        if (window.measured(sent)) tally.add(reply, elapsed_us(sent, done), done);
        after(reply);
    }
}

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

LoadResult run_load(const LoadOptions& o) {
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (unsigned i = 0; i < o.connections; ++i)
        connections.push_back(std::make_unique<HttpConnection>(o.url, o.request));
    const RunWindow window = make_window(o);
    OpenLoopSchedule schedule(window, o.rate.value_or(1.0));
    std::vector<LoadTally> tallies(o.connections);
    {
        std::vector<std::jthread> threads;
        for (unsigned i = 0; i < o.connections; ++i) {
            threads.emplace_back([&, i] {
                connections[i]->connect();
                if (o.rate)
                    open_loop(*connections[i], schedule, tallies[i]);
                else
                    closed_loop(*connections[i], window, tallies[i]);
            });
        }
    }
    LoadResult result;
    for (const LoadTally& tally : tallies)
        result.tally.merge(tally);
    // A server that fell behind answers after the window: its rate is what it
    // actually served, not what was asked.
    const Clock::time_point last = std::max(window.end, result.tally.last_done);
    result.seconds = std::chrono::duration<double>(last - window.measure_from).count();
    return result;
}

}  // namespace ember::loadtest
