// One live version of a function: what is stored on disk, its snapshot and
// its warm pool. Immutable once made, shared by every call routed to it, and
// kept alive by the calls still using it after a redeploy or delete.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "daemon/store/stored_function.hpp"
#include "pool/pool.hpp"
#include "sandbox/snapshot.hpp"

namespace ember::daemon {

// Counters of a function across its versions, for its description.
struct FunctionStats {
    std::atomic<uint64_t> invocations{0};
    std::atomic<uint64_t> errors{0};
    std::atomic<uint64_t> cold_starts{0};
};

struct Deployment {
    StoredFunction stored;
    std::shared_ptr<const sandbox::Snapshot> snapshot;
    std::unique_ptr<pool::Pool> pool;
    std::shared_ptr<FunctionStats> stats;
};

}  // namespace ember::daemon
