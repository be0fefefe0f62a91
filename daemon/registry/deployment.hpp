// One live version of a function: what is stored on disk, what it offers and
// its warm pool. Immutable once made, shared by every call routed to it, and
// kept alive by the calls still using it after a redeploy or delete.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/store/stored_function.hpp"
#include "pool/pool.hpp"

namespace ember::daemon {

struct Deployment {
    StoredFunction stored;
    std::vector<std::string> handlers;
    std::string default_handler;
    std::unique_ptr<pool::Pool> pool;
};

}  // namespace ember::daemon
