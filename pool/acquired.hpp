// The outcome of Pool::acquire: a Lease, or why there is none.
#pragma once

#include <functional>
#include <string_view>
#include <utility>
#include <variant>

#include "pool/lease.hpp"

namespace ember::pool {

enum class AcquireError {
    overloaded,     // every instance busy and the queue full: answer 429
    no_memory,      // none to wait for, and the MemoryBudget has no room for a new one
    timed_out,      // the deadline passed while queued
    shutting_down,  // the pool is closing
};

constexpr std::string_view to_string(AcquireError error) {
    switch (error) {
        case AcquireError::overloaded:
            return "overloaded";
        case AcquireError::no_memory:
            return "no guest memory left for a new sandbox";
        case AcquireError::timed_out:
            return "timed out waiting for a sandbox";
        case AcquireError::shutting_down:
            return "shutting down";
    }
    return "unknown";
}

struct Acquired {
    std::variant<Lease, AcquireError> outcome;

    bool ok() const { return std::holds_alternative<Lease>(outcome); }
    Lease& lease() { return std::get<Lease>(outcome); }
    AcquireError error() const { return std::get<AcquireError>(outcome); }
};

// Receives the outcome of one acquire(), exactly once. It may run on the
// acquiring thread, on a thread releasing a lease, on the maintenance thread
// or on the thread calling shutdown(), never with the pool's lock held. It
// must not throw and should be quick (e.g. post to an executor): on the
// maintenance thread it delays every pool's chores.
using AcquireCallback = std::function<void(Acquired)>;

}  // namespace ember::pool
