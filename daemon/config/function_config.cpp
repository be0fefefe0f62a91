// FunctionConfig: validation, JSON and query-parameter parsing.
#include "daemon/config/function_config.hpp"

#include <algorithm>
#include <array>

#include <ember/abi.h>

#include "base/join_names.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/function_name.hpp"
#include "daemon/config/json_reader.hpp"
#include "fetch/allowed_hosts.hpp"

namespace ember::daemon {

namespace {

// The numeric keys with their fixed bounds, in the order they are checked
// (pool_max before pool_min, whose upper bound it is).
struct NumericField {
    std::string_view name;
    uint32_t FunctionConfig::*member;
    uint32_t min;
    uint32_t max;
};

constexpr std::array<NumericField, 5> numeric_fields = {{
    {"memory_mb", &FunctionConfig::memory_mb, EMBER_MEMORY_MIN_MB, EMBER_MEMORY_MAX_MB},
    {"timeout_ms", &FunctionConfig::timeout_ms, 1, max_timeout_ms},
    {"pool_max", &FunctionConfig::pool_max, 1, max_pool_size},
    {"pool_min", &FunctionConfig::pool_min, 0, max_pool_size},  // and <= pool_max
    {"max_queue", &FunctionConfig::max_queue, 0, max_queue_length},
}};

// No tighter than the hard bounds by default.
static_assert(FunctionLimits{}.memory_mb == EMBER_MEMORY_MAX_MB);
static_assert(FunctionLimits{}.pool_max <= max_pool_size);

constexpr std::array<std::string_view, 8> query_parameter_names = {
    "memory_mb", "timeout_ms",     "pool_min", "pool_max",
    "max_queue", "host_functions", "kv_store", "allowed_hosts"};

void check_host_functions(const std::vector<std::string>& names, std::span<const std::string> known,
                          const std::string& key) {
    for (auto it = names.begin(); it != names.end(); ++it) {
        if (std::find(known.begin(), known.end(), *it) == known.end()) {
            throw ConfigError(key + ": '" + *it + "' is not one of " + join_names(known));
        }
        if (std::find(names.begin(), it, *it) != it) {
            throw ConfigError(key + ": '" + *it + "' is listed twice");
        }
    }
}

// pool_min's allowed range depends on pool_max; an inherited pool_min follows
// a pool_max the caller lowered (see function_config_from_json).
void fit_inherited_pool_min(FunctionConfig& config, bool pool_min_given, bool pool_max_given) {
    if (pool_max_given && !pool_min_given && config.pool_min > config.pool_max) {
        config.pool_min = config.pool_max;
    }
}

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

std::vector<std::string> split_names(std::string_view text) {
    std::vector<std::string> names;
    if (text.empty()) return names;  // "host_functions=" allows none
    std::size_t start = 0;
    while (true) {
        std::size_t comma = text.find(',', start);
        // "log, clock" is what people type; spaces are never part of a name.
        names.emplace_back(trim_spaces(text.substr(start, comma - start)));
        if (comma == std::string_view::npos) return names;
        start = comma + 1;
    }
}

}  // namespace

void validate(const FunctionConfig& config, std::span<const std::string> known_host_functions,
              std::string_view key_prefix) {
    for (const NumericField& field : numeric_fields) {
        check_range(key_path(key_prefix, field.name), config.*field.member, field.min, field.max);
    }
    if (config.pool_min > config.pool_max) {
        throw ConfigError(key_path(key_prefix, "pool_min") + ": " +
                          std::to_string(config.pool_min) + " is out of range 0.." +
                          std::to_string(config.pool_max) + " (it may not exceed pool_max)");
    }
    check_host_functions(config.host_functions, known_host_functions,
                         key_path(key_prefix, "host_functions"));
    if (!config.kv_store.empty() && !valid_function_name(config.kv_store)) {
        throw ConfigError(key_path(key_prefix, "kv_store") + ": '" + config.kv_store +
                          "' is not a store name (" + std::string(function_name_rule) +
                          ", or empty for the function's own)");
    }
    try {
        fetch::AllowedHosts::parse(config.allowed_hosts);
    } catch (const std::invalid_argument& e) {
        // The message names the entry: "allowed_hosts[1] \"*.example.com\": ...".
        throw ConfigError((key_prefix.empty() ? "" : std::string(key_prefix) + ".") + e.what());
    }
}

void check_limits(const FunctionConfig& config, const FunctionLimits& limits,
                  std::string_view key_prefix) {
    const auto check = [&](std::string_view key, uint32_t value, uint32_t limit) {
        if (value <= limit) return;
        throw ConfigError(key_path(key_prefix, key) + ": " + std::to_string(value) +
                          " is over this daemon's limit of " + std::to_string(limit) +
                          " (function_limits." + std::string(key) + ")");
    };
    check("memory_mb", config.memory_mb, limits.memory_mb);
    check("pool_max", config.pool_max, limits.pool_max);
}

FunctionConfig fit_to_limits(FunctionConfig config, const FunctionLimits& limits) {
    config.memory_mb = std::min(config.memory_mb, limits.memory_mb);
    config.pool_max = std::min(config.pool_max, limits.pool_max);
    config.pool_min = std::min(config.pool_min, config.pool_max);
    return config;
}

nlohmann::json to_json(const FunctionConfig& config) {
    return {{"memory_mb", config.memory_mb}, {"timeout_ms", config.timeout_ms},
            {"pool_min", config.pool_min},   {"pool_max", config.pool_max},
            {"max_queue", config.max_queue}, {"host_functions", config.host_functions},
            {"kv_store", config.kv_store},   {"allowed_hosts", config.allowed_hosts}};
}

FunctionConfig function_config_from_json(const nlohmann::json& object, const FunctionConfig& base,
                                         std::span<const std::string> known_host_functions,
                                         std::string_view key_prefix) {
    FunctionConfig config = base;
    JsonReader reader(object, std::string(key_prefix));
    for (const NumericField& field : numeric_fields) {
        reader.read(field.name, config.*field.member, field.min, field.max);
    }
    reader.read("host_functions", config.host_functions);
    reader.read("kv_store", config.kv_store);
    reader.read("allowed_hosts", config.allowed_hosts);
    reader.finish();
    fit_inherited_pool_min(config, object.contains("pool_min"), object.contains("pool_max"));
    validate(config, known_host_functions, key_prefix);
    return config;
}

FunctionConfig apply_query_parameters(const std::map<std::string, std::string>& parameters,
                                      const FunctionConfig& defaults,
                                      std::span<const std::string> known_host_functions) {
    for (const auto& [name, value] : parameters) {
        if (std::find(query_parameter_names.begin(), query_parameter_names.end(), name) ==
            query_parameter_names.end()) {
            throw ConfigError(
                name + ": unknown parameter (known: " + join_names(query_parameter_names) + ")");
        }
    }
    FunctionConfig config = defaults;
    for (const NumericField& field : numeric_fields) {
        auto given = parameters.find(std::string(field.name));
        if (given == parameters.end()) continue;
        config.*field.member =
            static_cast<uint32_t>(parse_integer(field.name, given->second, field.min, field.max));
    }
    if (auto given = parameters.find("host_functions"); given != parameters.end()) {
        config.host_functions = split_names(given->second);
    }
    if (auto given = parameters.find("kv_store"); given != parameters.end()) {
        config.kv_store = given->second;
    }
    if (auto given = parameters.find("allowed_hosts"); given != parameters.end()) {
        config.allowed_hosts = split_names(given->second);
    }
    fit_inherited_pool_min(config, parameters.contains("pool_min"),
                           parameters.contains("pool_max"));
    validate(config, known_host_functions);
    return config;
}

}  // namespace ember::daemon
