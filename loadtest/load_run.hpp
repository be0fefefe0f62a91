// Runs one load test: a few threads (--threads), each an epoll loop over its
// share of the connections, claiming when to send from one Pacer (open loop
// at a constant rate on the wall clock, or closed loop back to back, see
// schedule.hpp) and tallying on its own; the tallies are merged at the end.
//
// Why not a thread per connection, blocking, as before: every response then
// wakes a thread of its own, and a context switch per request cost more than
// everything else the client did (see README.md, "ember-load's own ceiling").
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "loadtest/latency_histogram.hpp"
#include "loadtest/load_options.hpp"
#include "loadtest/response_reader.hpp"
#include "loadtest/schedule.hpp"

namespace ember::loadtest {

// What the measured requests (those due after the warm-up) produced.
struct LoadTally {
    LatencyHistogram latency;                        // every response, whatever its status
    LatencyHistogram sandbox;                        // X-Ember-Duration-Us, when present
    std::map<std::string, LatencyHistogram> server;  // Server-Timing, by metric
    uint64_t ok = 0;                                 // 2xx
    uint64_t non_2xx = 0;
    uint64_t transport_errors = 0;
    uint64_t cold_starts = 0;
    Clock::time_point last_done{};

    void add(const Reply& reply, uint64_t latency_us, Clock::time_point done);
    void merge(const LoadTally& other);
};

struct LoadResult {
    LoadTally tally;
    double seconds = 0;  // from the end of the warm-up to the last measured response
    unsigned threads = 0;
    double rps() const;
};

// The threads a run uses: --threads, or one per core up to one per connection.
unsigned thread_count(const LoadOptions& options, unsigned cores);

// Blocks for warm-up + duration (longer if the server falls behind). Throws
// std::runtime_error if the host cannot be resolved.
LoadResult run_load(const LoadOptions& options);

}  // namespace ember::loadtest
