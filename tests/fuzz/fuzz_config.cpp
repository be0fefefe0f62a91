// The configuration a daemon or a deploy is given: an input starting with '?'
// is the query string of a deploy (PUT /v1/functions/NAME?...), read as the
// API reads it (apply_query_parameters, then check_limits); anything else is
// an emberd.json read as the daemon reads its file (daemon_config_from_text).
// Beyond not crashing and rejecting only with ConfigError: whatever is
// accepted lies within the ranges config/README.md documents, written out
// here again rather than taken from the code under test.
#include <arpa/inet.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config_error.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/config/function_config.hpp"
#include "daemon/config/function_name.hpp"
#include "fuzz_check.hpp"
#include "http/query_string.hpp"
#include "sandbox/host_functions.hpp"

namespace {

using ember::daemon::ConfigError;
using ember::daemon::FunctionConfig;
using ember::daemon::FunctionLimits;
using ember::fuzz::check;

constexpr uint64_t kib = 1024;
constexpr uint64_t mib = 1024 * kib;

bool within(uint64_t value, uint64_t min, uint64_t max) {
    return value >= min && value <= max;
}

const std::vector<std::string>& host_function_names() {
    static const std::vector<std::string> names = ember::sandbox::HostFunctions::builtin().names();
    return names;
}

void check_function_config(const FunctionConfig& config, const FunctionLimits& limits) {
    check(within(config.memory_mb, 2, limits.memory_mb), "memory_mb in 2..function_limits");
    check(within(config.timeout_ms, 1, 300000), "timeout_ms in 1..300000");
    check(within(config.pool_max, 1, limits.pool_max), "pool_max in 1..function_limits");
    check(config.pool_min <= config.pool_max, "pool_min in 0..pool_max");
    check(config.max_queue <= 100000, "max_queue in 0..100000");
    const std::set<std::string> distinct(config.host_functions.begin(),
                                         config.host_functions.end());
    check(distinct.size() == config.host_functions.size(), "host functions listed once");
    for (const std::string& name : config.host_functions) {
        check(std::ranges::find(host_function_names(), name) != host_function_names().end(),
              "host functions are among those the host offers");
    }
}

bool valid_token(const std::string& token) {
    return !token.empty() &&
           std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c <= '~'; });
}

bool numeric_address(const std::string& host) {
    unsigned char address[16];
    return inet_pton(AF_INET, host.c_str(), address) == 1 ||
           inet_pton(AF_INET6, host.c_str(), address) == 1;
}

void check_daemon_config(const ember::daemon::DaemonConfig& config) {
    check(numeric_address(config.listen.host), "listen is a numeric address");
    check(config.data_dir.is_absolute(), "data_dir is absolute");
    check(within(config.executor_threads, 1, 256), "executor_threads in 1..256");
    check(within(config.executor_threads_per_function, 1, config.executor_threads),
          "executor_threads_per_function in 1..executor_threads");
    check(within(config.max_executor_queue, 1, 1000000), "max_executor_queue in 1..1000000");
    check(within(config.io_threads, 1, 64), "io_threads in 1..64");
    check(within(config.max_body_bytes, kib, 1024 * mib), "max_body_bytes in 1 KiB..1 GiB");
    check(within(config.max_input_bytes, 1, 256 * mib), "max_input_bytes in 1..256 MiB");
    check(within(config.max_output_bytes, 1, 256 * mib), "max_output_bytes in 1..256 MiB");
    check(within(config.max_header_bytes, kib, mib), "max_header_bytes in 1 KiB..1 MiB");
    check(within(config.max_connections, 1, 1000000), "max_connections in 1..1000000");
    check(within(config.read_timeout_ms, 100, 3600000), "read_timeout_ms in 100..3600000");
    check(within(config.idle_timeout_ms, 100, 3600000), "idle_timeout_ms in 100..3600000");
    check(config.drain_timeout_ms <= 600000, "drain_timeout_ms in 0..600000");
    check(config.pool_idle_ms <= 86400000, "pool_idle_ms in 0..86400000");
    check(within(config.max_functions, 1, 100000), "max_functions in 1..100000");
    check(within(config.max_guest_memory_mb, 2, 1048576), "max_guest_memory_mb in 2..1048576");
    check(within(config.max_versions_kept, 1, 1000), "max_versions_kept in 1..1000");
    check(within(config.max_init_ms, 1, 300000), "max_init_ms in 1..300000");
    check(within(config.max_async_queued, 1, 1000000), "max_async_queued in 1..1000000");
    check(within(config.guest_log_lines_per_second, 1, 1000000),
          "guest_log_lines_per_second in 1..1000000");
    check(within(config.records.max_records, 1, 10000000), "max_records in 1..10000000");
    check(within(config.records.max_bytes, mib, 64 * 1024 * mib), "max_bytes in 1 MiB..64 GiB");
    check(std::ranges::all_of(config.auth.admin_tokens, valid_token), "admin tokens are valid");
    check(std::ranges::all_of(config.auth.invoke_tokens, valid_token), "invoke tokens are valid");
    check(within(config.function_limits.memory_mb, 2, 256), "function_limits.memory_mb in 2..256");
    check(within(config.function_limits.pool_max, 1, 1024), "function_limits.pool_max in 1..1024");
    check_function_config(config.function_defaults, config.function_limits);
    std::set<std::string> names;
    for (const auto& entry : config.preload) {
        check(ember::daemon::valid_function_name(entry.name), "preloaded names are valid");
        check(names.insert(entry.name).second, "preloaded names are unique");
        check(entry.path.is_absolute(), "preloaded paths are absolute");
        check_function_config(entry.config, config.function_limits);
    }
}

void fuzz_query(std::string_view query) {
    const auto fields = ember::http::parse_query(query);
    if (!fields) return;  // the session answers 400 before any handler
    // As the deploy handler reads them: the first of a repeated name counts.
    const std::map<std::string, std::string> parameters(fields->begin(), fields->end());
    const FunctionLimits limits;
    try {
        const FunctionConfig config = ember::daemon::apply_query_parameters(
            parameters, FunctionConfig{}, host_function_names());
        ember::daemon::check_limits(config, limits);
        check_function_config(config, limits);
    } catch (const ConfigError&) {
    }
}

void fuzz_file(std::string_view text) {
    try {
        check_daemon_config(ember::daemon::daemon_config_from_text(text, host_function_names()));
    } catch (const ConfigError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.starts_with('?')) {
        fuzz_query(input.substr(1));
    } else {
        fuzz_file(input);
    }
    return 0;
}
