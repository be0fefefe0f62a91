// HostCapabilities: every host function emberd offers guests, and the table
// of them that one function's sandboxes resolve their allow-list in.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kv/kv_limits.hpp"
#include "kv/kv_store.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

class HostCapabilities {
  public:
    // `kv` serves the kv_* functions of every function, within `kv_limits`
    // (the limits it was opened with).
    HostCapabilities(std::shared_ptr<kv::KvStore> kv, kv::KvLimits kv_limits);

    // Every name an allow-list may hold: the sandbox's built-ins, the kv_*
    // functions and config_get.
    static std::vector<std::string> offered();

    // The table for function `function`: the built-ins; the kv_* functions
    // in its own namespace, or in the shared store `kv_store` when that is
    // not empty (the two never meet: a function named "sessions" does not
    // see the shared store "sessions"); config_get serving `settings`.
    std::shared_ptr<const sandbox::HostFunctions> table_for(
        std::string_view function, std::string_view kv_store,
        std::map<std::string, std::string> settings) const;

  private:
    std::shared_ptr<kv::KvStore> kv_;
    kv::KvLimits kv_limits_;
};

}  // namespace ember::capabilities
