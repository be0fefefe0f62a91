// A function's configuration (docs/api.md "deploy"): its limits and allowed host
// functions, with JSON (de)serialisation, validation and query parameters.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sandbox/host_functions.hpp"

namespace ember::daemon {

struct FunctionConfig {
    uint32_t memory_mb = 16;     // guest memory, EMBER_MEMORY_MIN_MB..MAX_MB
    uint32_t timeout_ms = 1000;  // per call, 1..300000
    uint32_t pool_min = 1;       // sandboxes kept warm, 0..pool_max
    uint32_t pool_max = 8;       // sandboxes at most, 1..1024
    uint32_t max_queue = 64;     // calls waiting for a sandbox, 0..100000
    std::vector<std::string> host_functions = sandbox::default_host_functions();
    // The key-value namespace of its kv_* host functions: its own when empty,
    // otherwise the shared store of that name (any function naming it shares
    // it). Empty, or a name as function names are.
    std::string kv_store = {};
    // The hosts and ports http_fetch may reach ("api.example.com",
    // "10.0.0.5:8080"; docs/SECURITY.md); empty: none.
    std::vector<std::string> allowed_hosts = {};

    bool operator==(const FunctionConfig&) const = default;
};

// The bounds, for documentation and messages.
inline constexpr uint32_t max_timeout_ms = 300000;
inline constexpr uint32_t max_pool_size = 1024;
inline constexpr uint32_t max_queue_length = 100000;

// The most a deployer may ask for (the daemon's function_limits): within the
// bounds above, and tighter where the operator says so.
struct FunctionLimits {
    uint32_t memory_mb = 256;  // EMBER_MEMORY_MIN_MB..EMBER_MEMORY_MAX_MB
    uint32_t pool_max = 64;    // 1..max_pool_size

    bool operator==(const FunctionLimits&) const = default;
};

// Throws ConfigError naming the first key over its limit ("PREFIX.memory_mb:
// 128 is over this daemon's limit of 64 (function_limits.memory_mb)").
void check_limits(const FunctionConfig& config, const FunctionLimits& limits,
                  std::string_view key_prefix = {});

// `config` with memory_mb and pool_max lowered to `limits` where they exceed
// them, and pool_min to pool_max: for defaults nobody set explicitly.
FunctionConfig fit_to_limits(FunctionConfig config, const FunctionLimits& limits);

// Throws ConfigError naming the first bad key ("PREFIX.memory_mb: 1000 is out
// of range 2..256"). `known_host_functions` is what the host offers; every
// entry of host_functions must be one of them, at most once.
void validate(const FunctionConfig& config, std::span<const std::string> known_host_functions,
              std::string_view key_prefix = {});

// All keys are written, so a stored config does not change meaning when the
// defaults do.
nlohmann::json to_json(const FunctionConfig& config);

// Reads an object whose keys are all optional: absent ones keep their value
// from `base`. Unknown keys and bad values throw ConfigError naming the key
// under `key_prefix`. When pool_max is given but pool_min is not, an inherited
// pool_min above the new pool_max is lowered to it (asking for a smaller pool
// must not fail because of a default the caller never set).
FunctionConfig function_config_from_json(const nlohmann::json& object, const FunctionConfig& base,
                                         std::span<const std::string> known_host_functions,
                                         std::string_view key_prefix = {});

// Applies deploy query parameters (memory_mb, timeout_ms, pool_min, pool_max,
// max_queue: decimal integers; host_functions: comma-separated, may be empty
// for none; kv_store: a name, or empty for the function's own; allowed_hosts:
// comma-separated, may be empty) on top of `defaults`, with the same
// rules as function_config_from_json. Any other parameter is a ConfigError.
FunctionConfig apply_query_parameters(const std::map<std::string, std::string>& parameters,
                                      const FunctionConfig& defaults,
                                      std::span<const std::string> known_host_functions);

}  // namespace ember::daemon
