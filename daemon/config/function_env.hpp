// A function's env: the configuration values and secrets its guest reads
// with ember_config_get (host function config_get). Part of a version, as
// its binary and config are: changing them makes a new version.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace ember::daemon {

struct FunctionEnv {
    std::map<std::string, std::string> values;
    // Stored apart (readable by emberd's user only), never shown by the API
    // (which lists their names) and never logged.
    std::map<std::string, std::string> secrets;

    bool empty() const { return values.empty() && secrets.empty(); }
    bool operator==(const FunctionEnv&) const = default;
};

// Names are 1..128 bytes of A-Z, a-z, 0-9 and '_', not starting with a
// digit; values up to 4 KiB; 100 entries at most, values and secrets
// together; a name is a value or a secret, not both.
inline constexpr std::size_t max_env_entries = 100;
inline constexpr std::size_t max_env_name_bytes = 128;
inline constexpr std::size_t max_env_value_bytes = 4096;

// Throws ConfigError naming the first bad entry ("secrets.API KEY: ...").
void validate(const FunctionEnv& env);

// One object of string values ({"NAME": "value", ...}), as a values or a
// secrets map; `path` names it in errors. Not validated beyond its types.
std::map<std::string, std::string> env_map_from_json(const nlohmann::json& object,
                                                     const std::string& path);

// {"values": {...}, "secrets": {...}}, both optional: the body of
// PUT /v1/functions/NAME/env. Validated; throws ConfigError.
FunctionEnv function_env_from_json(const nlohmann::json& object);

// What the API shows: {"values": {...}, "secrets": ["NAME", ...]}.
nlohmann::json describe(const FunctionEnv& env);

}  // namespace ember::daemon
