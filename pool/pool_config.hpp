// How big one function version's warm pool may be, and what it reports.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace ember::pool {

struct PoolConfig {
    std::size_t min = 0;        // instances (ready + busy) kept in the background
    std::size_t max = 1;        // instances that may exist at once, creating ones included
    std::size_t max_queue = 0;  // acquirers that may wait when `max` are in use
    // Ready instances above `min` idle this long go; milliseconds::max(): never.
    std::chrono::milliseconds idle{60'000};
    // What one instance takes out of the pool's MemoryBudget, if it has one.
    std::uint64_t instance_bytes = 0;
};

// Throws std::invalid_argument unless 1 <= max and min <= max.
inline void validate(const PoolConfig& config) {
    if (config.max == 0) throw std::invalid_argument("pool max must be at least 1");
    if (config.min > config.max) throw std::invalid_argument("pool min must not exceed max");
}

struct PoolStats {
    std::size_t ready = 0;         // idle instances, restored, waiting on the stack
    std::size_t busy = 0;          // instances held by leases
    std::size_t creating = 0;      // slots reserved for an instance being (or to be) made
    std::size_t queued = 0;        // acquirers waiting for an instance
    uint64_t cold_starts = 0;      // acquisitions that had to make their instance
    uint64_t overloaded = 0;       // acquisitions refused because the queue was full
    uint64_t memory_refused = 0;   // acquisitions refused: no budget for a new instance
    uint64_t timed_out = 0;        // acquisitions whose deadline passed while queued
    uint64_t created = 0;          // instances the factory made
    uint64_t destroyed = 0;        // instances destroyed (shrunk, broken, shut down)
    uint64_t create_failures = 0;  // times the factory threw
    uint64_t restores = 0;         // instances restored at release, failed ones included
    std::chrono::nanoseconds restore_time{0};  // summed over the successful restores
};

}  // namespace ember::pool
