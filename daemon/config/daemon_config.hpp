// The daemon's own configuration: built-in defaults, then a JSON file
// (config/emberd.json, documented in config/README.md), then command-line
// overrides. Validated once, here, where it enters.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>
#include <nlohmann/json.hpp>

#include "daemon/config/command_line.hpp"
#include "daemon/config/function_config.hpp"
#include "http/listen_address.hpp"
#include "kv/kv_limits.hpp"
#include "kv/redis_kv_store.hpp"

namespace ember::daemon {

using ListenAddress = http::ListenAddress;

struct AuthConfig {
    std::vector<std::string> admin_tokens;   // empty (with invoke_tokens): no auth
    std::vector<std::string> invoke_tokens;  // admin tokens may invoke too
    bool metrics_public = true;              // false: /metrics needs an admin token
    // --allow-unauthenticated: no tokens, yet serve other hosts than this one.
    bool allow_unauthenticated = false;

    bool enabled() const { return !admin_tokens.empty() || !invoke_tokens.empty(); }
};

// Which calls leave a record (GET /v1/invocations/{id}). Async calls always
// do: their record is where their result goes.
enum class RecordPolicy { all, failures, none };

struct RecordsConfig {
    uint64_t max_records = 10'000;
    uint64_t max_bytes = 64ull << 20;
    RecordPolicy record = RecordPolicy::all;
};

// The store behind the kv_* host functions.
enum class KvBackend { sqlite, redis };

struct KvConfig {
    KvBackend backend = KvBackend::sqlite;  // sqlite: data_dir/kv/kv.sqlite
    kv::KvLimits limits;
    kv::RedisKvOptions redis;  // for the redis backend; its limits are `limits`
};

// The bounds of every http_fetch (docs/SECURITY.md), and emberd's resolver.
struct FetchConfig {
    uint64_t max_response_bytes = 1ull << 20;
    uint32_t connect_timeout_ms = 5000;
    uint32_t read_timeout_ms = 10000;
    uint32_t max_redirects = 5;
    uint32_t resolver_threads = 2;
    std::filesystem::path extra_ca_file;  // PEM, trusted besides the system's CAs
};

// A function deployed at start-up when the store has no function of that name.
struct PreloadEntry {
    std::string name;
    std::filesystem::path path;  // absolute once loaded
    FunctionConfig config;       // function_defaults + the entry's "config"
};

struct DaemonConfig {
    ListenAddress listen{"127.0.0.1", 8080};
    std::filesystem::path data_dir = "/var/lib/ember";  // absolute once loaded
    spdlog::level::level_enum log_level = spdlog::level::info;
    uint32_t executor_threads = 2;
    // Threads one function's calls hold at once (see daemon/exec/fair_queue.hpp);
    // unless given, one less than executor_threads, and at least 1.
    uint32_t executor_threads_per_function = 1;
    uint32_t max_executor_queue = 1024;  // calls waiting for an executor thread
    bool pin_threads = true;
    uint32_t io_threads = 1;
    uint64_t max_body_bytes = 16ull << 20;
    uint64_t max_input_bytes = 1ull << 20;
    uint64_t max_output_bytes = 1ull << 20;
    uint64_t max_header_bytes = 8ull << 10;
    uint32_t max_connections = 1024;
    uint32_t read_timeout_ms = 30000;
    uint32_t idle_timeout_ms = 60000;
    uint32_t drain_timeout_ms = 30000;
    uint32_t pool_idle_ms = 60000;
    uint32_t guest_log_lines_per_second = 100;  // per function
    uint32_t max_init_ms = 10000;               // a deploy's initialisation, any function
    uint32_t max_functions = 1000;              // functions served at once
    uint32_t max_async_queued = 1000;           // per function, waiting to start
    RecordsConfig records;
    KvConfig kv;
    FetchConfig fetch;
    uint32_t max_guest_memory_mb = 4096;  // memory_mb × sandboxes, every pool
    uint32_t max_versions_kept = 5;       // versions on disk per function

    AuthConfig auth;
    FunctionLimits function_limits;    // what a deploy may ask for
    FunctionConfig function_defaults;  // within function_limits
    std::vector<PreloadEntry> preload;
};

// The host functions the daemon offers (capabilities::HostCapabilities::offered()),
// which every host_functions list is checked against.
using HostFunctionNames = std::span<const std::string>;

// Reads a whole config document over the built-in defaults. Every key is
// optional; unknown keys and bad values throw ConfigError naming the key path
// ("function_defaults.pool_max: 0 is out of range 1..1024"). Relative paths
// (data_dir, preload[].path) are made absolute against the current directory.
DaemonConfig daemon_config_from_json(const nlohmann::json& document,
                                     HostFunctionNames host_functions);

// Parses a config document (comments allowed) and reads it as
// daemon_config_from_json does. Text that is not JSON, or holds a number no
// JSON value can (1e400), is a ConfigError "not valid JSON: ...".
DaemonConfig daemon_config_from_text(std::string_view text, HostFunctionNames host_functions);

// Reads and parses a config file; errors (unreadable, not JSON, invalid)
// throw ConfigError starting with the file name.
DaemonConfig load_daemon_config_file(const std::filesystem::path& file,
                                     HostFunctionNames host_functions);

// Applies --listen, --data-dir, --log-level and --allow-unauthenticated,
// validated like the file's keys (ConfigError "--listen: ...").
void apply_overrides(DaemonConfig& config, const CommandLine& command_line);

// Throws ConfigError for a daemon that anyone could use to run code: a
// non-loopback listen address without auth tokens, unless the operator
// allowed it (--allow-unauthenticated).
void check_exposure(const DaemonConfig& config);

// The whole sequence: defaults, the --config file when given, overrides,
// and check_exposure().
DaemonConfig load_daemon_config(const CommandLine& command_line, HostFunctionNames host_functions);

// http::parse_listen_address, its errors as ConfigErrors naming `key`.
ListenAddress parse_listen_address(std::string_view key, std::string_view text);

// trace|debug|info|warn|error.
spdlog::level::level_enum parse_log_level(std::string_view key, std::string_view text);

}  // namespace ember::daemon
