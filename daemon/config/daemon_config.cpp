// DaemonConfig: defaults, the JSON file, and command-line overrides.
#include "daemon/config/daemon_config.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include <ember/abi.h>

#include "daemon/config/config_error.hpp"
#include "daemon/config/function_name.hpp"
#include "daemon/config/json_reader.hpp"

namespace ember::daemon {

namespace {

constexpr uint64_t kib = 1024;
constexpr uint64_t mib = kib * 1024;
constexpr uint32_t hour_ms = 3600 * 1000;

constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 5> log_levels = {{
    {"trace", spdlog::level::trace},
    {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},
    {"warn", spdlog::level::warn},
    {"error", spdlog::level::err},
}};

std::filesystem::path absolute_path(std::string_view key, const std::string& text) {
    if (text.empty()) throw ConfigError(std::string(key) + ": must not be empty");
    return std::filesystem::absolute(text).lexically_normal();
}

// Tokens travel in an "Authorization: Bearer" header: a space or control
// character could never match, so it is a mistake in the config.
void check_tokens(const std::string& key, const std::vector<std::string>& tokens) {
    for (const std::string& token : tokens) {
        if (token.empty()) throw ConfigError(key + ": a token must not be empty");
        for (char c : token) {
            if (c <= ' ' || c > '~') {
                throw ConfigError(key + ": tokens may contain only printable ASCII, no spaces");
            }
        }
    }
}

AuthConfig read_auth(const nlohmann::json& object, const std::string& path) {
    AuthConfig auth;
    JsonReader reader(object, path);
    reader.read("admin_tokens", auth.admin_tokens);
    reader.read("invoke_tokens", auth.invoke_tokens);
    reader.read("metrics_public", auth.metrics_public);
    reader.finish();
    check_tokens(reader.path_of("admin_tokens"), auth.admin_tokens);
    check_tokens(reader.path_of("invoke_tokens"), auth.invoke_tokens);
    return auth;
}

RecordsConfig read_records(const nlohmann::json& object, const std::string& path) {
    RecordsConfig records;
    JsonReader reader(object, path);
    reader.read("max_records", records.max_records, 1, 10'000'000);
    reader.read("max_bytes", records.max_bytes, 1 * mib, 64ull * 1024 * mib);
    std::string policy;
    if (reader.read("record", policy)) {
        if (policy == "all") {
            records.record = RecordPolicy::all;
        } else if (policy == "failures") {
            records.record = RecordPolicy::failures;
        } else if (policy == "none") {
            records.record = RecordPolicy::none;
        } else {
            throw ConfigError(reader.path_of("record") + ": '" + policy +
                              "' is not one of all, failures, none");
        }
    }
    reader.finish();
    return records;
}

PreloadEntry read_preload_entry(const nlohmann::json& object, const std::string& path,
                                const FunctionConfig& defaults, const FunctionLimits& limits,
                                HostFunctionNames host_functions) {
    PreloadEntry entry{.name = {}, .path = {}, .config = defaults};
    JsonReader reader(object, path);
    std::string file;
    if (!reader.read("name", entry.name)) throw ConfigError(reader.path_of("name") + ": missing");
    if (!reader.read("path", file)) throw ConfigError(reader.path_of("path") + ": missing");
    if (const nlohmann::json* config = reader.take("config")) {
        entry.config =
            function_config_from_json(*config, defaults, host_functions, reader.path_of("config"));
        check_limits(entry.config, limits, reader.path_of("config"));
    }
    reader.finish();
    if (!valid_function_name(entry.name)) {
        throw ConfigError(reader.path_of("name") + ": '" + entry.name + "' is not a valid name (" +
                          std::string(function_name_rule) + ")");
    }
    entry.path = absolute_path(reader.path_of("path"), file);
    return entry;
}

std::vector<PreloadEntry> read_preload(const nlohmann::json& list, const FunctionConfig& defaults,
                                       const FunctionLimits& limits,
                                       HostFunctionNames host_functions) {
    if (!list.is_array()) {
        throw ConfigError("preload: expected an array, got " + describe_json(list));
    }
    std::vector<PreloadEntry> entries;
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "preload[" + std::to_string(i) + "]";
        entries.push_back(read_preload_entry(list[i], path, defaults, limits, host_functions));
        if (!names.insert(entries.back().name).second) {
            throw ConfigError(path + ".name: '" + entries.back().name + "' is preloaded twice");
        }
    }
    return entries;
}

kv::RedisKvOptions read_redis(const nlohmann::json& object, const std::string& path) {
    kv::RedisKvOptions redis;
    JsonReader reader(object, path);
    reader.read("host", redis.host);
    uint32_t port = redis.port;
    reader.read("port", port, 1, 65535);
    redis.port = static_cast<uint16_t>(port);
    reader.read("unix_socket", redis.unix_socket);
    reader.read("username", redis.username);
    reader.read("password", redis.password);
    reader.read("key_prefix", redis.key_prefix);
    uint32_t connect_ms = static_cast<uint32_t>(redis.connect_timeout.count());
    uint32_t command_ms = static_cast<uint32_t>(redis.command_timeout.count());
    reader.read("connect_timeout_ms", connect_ms, 1, 60'000);
    reader.read("command_timeout_ms", command_ms, 1, 60'000);
    redis.connect_timeout = std::chrono::milliseconds(connect_ms);
    redis.command_timeout = std::chrono::milliseconds(command_ms);
    reader.read("connections", redis.connections, 1, 256);
    reader.finish();
    if (redis.host.empty() && redis.unix_socket.empty())
        throw ConfigError(reader.path_of("host") + ": must not be empty");
    return redis;
}

FetchConfig read_fetch(const nlohmann::json& object, const std::string& path) {
    FetchConfig fetch;
    JsonReader reader(object, path);
    reader.read("max_response_bytes", fetch.max_response_bytes, 1 * kib, 64 * mib);
    reader.read("connect_timeout_ms", fetch.connect_timeout_ms, 100, 60'000);
    reader.read("read_timeout_ms", fetch.read_timeout_ms, 100, 300'000);
    reader.read("max_redirects", fetch.max_redirects, 0, 20);
    reader.read("resolver_threads", fetch.resolver_threads, 1, 64);
    std::string ca_file;
    if (reader.read("extra_ca_file", ca_file))
        fetch.extra_ca_file = absolute_path(reader.path_of("extra_ca_file"), ca_file);
    reader.finish();
    return fetch;
}

KvConfig read_kv(const nlohmann::json& object, const std::string& path) {
    KvConfig kv;
    JsonReader reader(object, path);
    std::string backend;
    if (reader.read("backend", backend)) {
        if (backend == "sqlite") {
            kv.backend = KvBackend::sqlite;
        } else if (backend == "redis") {
            kv.backend = KvBackend::redis;
        } else {
            throw ConfigError(reader.path_of("backend") + ": '" + backend +
                              "' is not one of sqlite, redis");
        }
    }
    if (const nlohmann::json* redis = reader.take("redis"))
        kv.redis = read_redis(*redis, reader.path_of("redis"));
    kv::KvLimits& limits = kv.limits;
    reader.read("max_key_bytes", limits.max_key_bytes, 1, 64 * kib);
    reader.read("max_value_bytes", limits.max_value_bytes, 1, 256 * mib);
    reader.read("namespace_quota_bytes", limits.namespace_quota_bytes, 1 * kib, 1024 * 1024 * mib);
    reader.read("max_list_keys", limits.max_list_keys, 1, 100'000);
    reader.finish();
    return kv;
}

// The scalar settings; each line is the key, its bounds and where it goes.
void read_limits(JsonReader& reader, DaemonConfig& config) {
    reader.read("executor_threads", config.executor_threads, 1, 256);
    config.executor_threads_per_function = std::max(1u, config.executor_threads - 1);
    reader.read("executor_threads_per_function", config.executor_threads_per_function, 1,
                config.executor_threads);
    reader.read("max_executor_queue", config.max_executor_queue, 1, 1'000'000);
    reader.read("pin_threads", config.pin_threads);
    reader.read("io_threads", config.io_threads, 1, 64);
    reader.read("max_body_bytes", config.max_body_bytes, 1 * kib, 1024 * mib);
    reader.read("max_input_bytes", config.max_input_bytes, 1, 256 * mib);
    reader.read("max_output_bytes", config.max_output_bytes, 1, 256 * mib);
    reader.read("max_header_bytes", config.max_header_bytes, 1 * kib, 1 * mib);
    reader.read("max_connections", config.max_connections, 1, 1000000);
    reader.read("read_timeout_ms", config.read_timeout_ms, 100, hour_ms);
    reader.read("idle_timeout_ms", config.idle_timeout_ms, 100, hour_ms);
    reader.read("drain_timeout_ms", config.drain_timeout_ms, 0, 10 * 60 * 1000);
    reader.read("pool_idle_ms", config.pool_idle_ms, 0, 24 * hour_ms);
    reader.read("guest_log_lines_per_second", config.guest_log_lines_per_second, 1, 1'000'000);
    reader.read("max_init_ms", config.max_init_ms, 1, 300'000);
    reader.read("max_functions", config.max_functions, 1, 100'000);
    reader.read("max_async_queued", config.max_async_queued, 1, 1'000'000);
    reader.read("max_guest_memory_mb", config.max_guest_memory_mb, EMBER_MEMORY_MIN_MB,
                1024 * 1024);
    reader.read("max_versions_kept", config.max_versions_kept, 1, 1000);
}

FunctionLimits read_function_limits(const nlohmann::json& object, const std::string& path) {
    FunctionLimits limits;
    JsonReader reader(object, path);
    reader.read("memory_mb", limits.memory_mb, EMBER_MEMORY_MIN_MB, EMBER_MEMORY_MAX_MB);
    reader.read("pool_max", limits.pool_max, 1, max_pool_size);
    reader.finish();
    return limits;
}

// function_defaults: the built-in ones come down to function_limits, as
// asking for a smaller limit must not fail because of a default nobody set;
// what the file sets explicitly must fit.
FunctionConfig read_function_defaults(const nlohmann::json* object, const FunctionLimits& limits,
                                      HostFunctionNames host_functions) {
    FunctionConfig defaults = fit_to_limits(FunctionConfig{}, limits);
    if (object) {
        defaults =
            function_config_from_json(*object, defaults, host_functions, "function_defaults");
    }
    validate(defaults, host_functions, "function_defaults");
    check_limits(defaults, limits, "function_defaults");
    return defaults;
}

}  // namespace

ListenAddress parse_listen_address(std::string_view key, std::string_view text) {
    try {
        return http::parse_listen_address(text);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string(key) + ": '" + std::string(text) + "': " + e.what());
    }
}

spdlog::level::level_enum parse_log_level(std::string_view key, std::string_view text) {
    for (const auto& [name, level] : log_levels) {
        if (text == name) return level;
    }
    throw ConfigError(std::string(key) + ": '" + std::string(text) +
                      "' is not one of trace, debug, info, warn, error");
}

DaemonConfig daemon_config_from_json(const nlohmann::json& document,
                                     HostFunctionNames host_functions) {
    DaemonConfig config;
    JsonReader reader(document, "");
    std::string text;
    if (reader.read("listen", text)) config.listen = parse_listen_address("listen", text);
    if (reader.read("data_dir", text)) config.data_dir = absolute_path("data_dir", text);
    if (reader.read("log_level", text)) config.log_level = parse_log_level("log_level", text);
    read_limits(reader, config);
    if (const nlohmann::json* auth = reader.take("auth")) config.auth = read_auth(*auth, "auth");
    if (const nlohmann::json* records = reader.take("invocation_records"))
        config.records = read_records(*records, "invocation_records");
    if (const nlohmann::json* kv = reader.take("kv")) config.kv = read_kv(*kv, "kv");
    if (const nlohmann::json* fetch = reader.take("fetch"))
        config.fetch = read_fetch(*fetch, "fetch");
    if (const nlohmann::json* limits = reader.take("function_limits")) {
        config.function_limits = read_function_limits(*limits, "function_limits");
    }
    config.function_defaults = read_function_defaults(reader.take("function_defaults"),
                                                      config.function_limits, host_functions);
    if (const nlohmann::json* preload = reader.take("preload")) {
        config.preload = read_preload(*preload, config.function_defaults, config.function_limits,
                                      host_functions);
    }
    reader.finish();
    return config;
}

DaemonConfig daemon_config_from_text(std::string_view text, HostFunctionNames host_functions) {
    nlohmann::json document;
    try {
        // Comments are allowed: operators annotate their settings.
        document = nlohmann::json::parse(text, nullptr, true, true);
    } catch (const nlohmann::json::exception& e) {
        // Not only parse_error: a number too large for a double is out_of_range.
        throw ConfigError(std::string("not valid JSON: ") + e.what());
    }
    return daemon_config_from_json(document, host_functions);
}

DaemonConfig load_daemon_config_file(const std::filesystem::path& file,
                                     HostFunctionNames host_functions) {
    std::ifstream in(file);
    if (!in) throw ConfigError(file.string() + ": cannot open the config file");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return daemon_config_from_text(text.str(), host_functions);
    } catch (const ConfigError& e) {
        throw ConfigError(file.string() + ": " + e.what());
    }
}

void apply_overrides(DaemonConfig& config, const CommandLine& command_line) {
    if (command_line.listen) {
        config.listen = parse_listen_address("--listen", *command_line.listen);
    }
    if (command_line.data_dir) {
        config.data_dir = absolute_path("--data-dir", command_line.data_dir->string());
    }
    if (command_line.log_level) {
        config.log_level = parse_log_level("--log-level", *command_line.log_level);
    }
    config.auth.allow_unauthenticated = command_line.allow_unauthenticated;
}

void check_exposure(const DaemonConfig& config) {
    if (config.auth.enabled() || config.auth.allow_unauthenticated) return;
    const std::string& host = config.listen.host;
    if (host == "127.0.0.1" || host == "::1" || host == "localhost") return;
    throw ConfigError("listen: " + host +
                      " is not a loopback address and auth has no tokens, so anyone who reaches "
                      "it could deploy and run code: set auth.admin_tokens, listen on 127.0.0.1, "
                      "or start emberd with --allow-unauthenticated");
}

DaemonConfig load_daemon_config(const CommandLine& command_line, HostFunctionNames host_functions) {
    DaemonConfig config;
    if (command_line.config_file) {
        config = load_daemon_config_file(*command_line.config_file, host_functions);
    } else {
        // The built-in defaults name every host function; check them against
        // what this build offers, as a file's would be.
        validate(config.function_defaults, host_functions, "function_defaults");
    }
    apply_overrides(config, command_line);
    check_exposure(config);
    return config;
}

}  // namespace ember::daemon
