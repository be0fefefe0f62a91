// HostCapabilities: every host function emberd offers guests, and the table
// of them that one function's sandboxes resolve their allow-list in.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetch_policy.hpp"
#include "fetch/fetcher.hpp"
#include "kv/kv_limits.hpp"
#include "kv/kv_store.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

// What a function's host functions are bound to.
struct FunctionBinding {
    std::string_view function;
    // The shared key-value store it names, or empty for its own namespace.
    std::string_view kv_store;
    // Its env, values and secrets together, for config_get.
    std::map<std::string, std::string> settings;
    // The hosts http_fetch may reach; valid (FunctionConfig checked them).
    std::vector<std::string> allowed_hosts;
    // A Wasm function's module, and the env its WASI environment shows
    // (empty unless config_get is allowed); an ELF's is empty.
    std::span<const std::byte> wasm_module = {};
    std::map<std::string, std::string> wasm_environ = {};
};

class HostCapabilities {
  public:
    // `kv` serves the kv_* functions of every function, within `kv_limits`
    // (the limits it was opened with); `fetcher` their http_fetch, within
    // `fetch_bounds` (whose allowed_hosts each function replaces).
    HostCapabilities(std::shared_ptr<kv::KvStore> kv, kv::KvLimits kv_limits,
                     std::shared_ptr<fetch::Fetcher> fetcher, fetch::FetchPolicy fetch_bounds);

    // Every name an allow-list may hold: the sandbox's built-ins, the kv_*
    // functions, config_get and http_fetch.
    static std::vector<std::string> offered();

    // The table for one function: the built-ins; the kv_* functions in its
    // own namespace, or in the shared store it names (the two never meet: a
    // function named "sessions" does not see the shared store "sessions");
    // config_get serving its settings; http_fetch to its allowed hosts; for
    // a Wasm function, wasm_module and wasm_environ (wasm_host_functions.hpp).
    // Throws std::invalid_argument for allowed_hosts that do not parse.
    std::shared_ptr<const sandbox::HostFunctions> table_for(const FunctionBinding& binding) const;

  private:
    std::shared_ptr<kv::KvStore> kv_;
    kv::KvLimits kv_limits_;
    std::shared_ptr<fetch::Fetcher> fetcher_;
    fetch::FetchPolicy fetch_bounds_;
};

}  // namespace ember::capabilities
