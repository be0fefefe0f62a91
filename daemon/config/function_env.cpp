// FunctionEnv: its rules and its JSON.
#include "daemon/config/function_env.hpp"

#include "daemon/config/config_error.hpp"
#include "daemon/config/json_reader.hpp"

namespace ember::daemon {

namespace {

bool valid_env_name(const std::string& name) {
    if (name.empty() || name.size() > max_env_name_bytes) return false;
    if (name.front() >= '0' && name.front() <= '9') return false;
    for (const char c : name) {
        const bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

void check_entries(const std::map<std::string, std::string>& entries, const std::string& path) {
    for (const auto& [name, value] : entries) {
        if (!valid_env_name(name)) {
            throw ConfigError(path + ": '" + name +
                              "' is not a name (1 to 128 characters of A-Z, a-z, 0-9 and '_', "
                              "not starting with a digit)");
        }
        if (value.size() > max_env_value_bytes) {
            throw ConfigError(path + "." + name + ": " + std::to_string(value.size()) +
                              " bytes is over the limit of " + std::to_string(max_env_value_bytes));
        }
    }
}

}  // namespace

void validate(const FunctionEnv& env) {
    check_entries(env.values, "values");
    check_entries(env.secrets, "secrets");
    for (const auto& entry : env.secrets) {
        if (env.values.contains(entry.first)) {
            throw ConfigError("secrets." + entry.first +
                              ": also in values: a name is one or the other");
        }
    }
    const std::size_t entries = env.values.size() + env.secrets.size();
    if (entries > max_env_entries) {
        throw ConfigError(std::to_string(entries) + " values and secrets are over the limit of " +
                          std::to_string(max_env_entries));
    }
}

std::map<std::string, std::string> env_map_from_json(const nlohmann::json& object,
                                                     const std::string& path) {
    if (!object.is_object()) {
        throw ConfigError(path + ": expected an object of strings, got a " +
                          std::string(object.type_name()));
    }
    std::map<std::string, std::string> entries;
    for (const auto& [name, value] : object.items()) {
        if (!value.is_string()) {
            // The value itself may be a secret: only its type is named.
            throw ConfigError(path + "." + name + ": expected a string, got a " +
                              std::string(value.type_name()));
        }
        entries.emplace(name, value.get<std::string>());
    }
    return entries;
}

FunctionEnv function_env_from_json(const nlohmann::json& object) {
    if (!object.is_object()) {
        throw ConfigError("expected an object {\"values\": {...}, \"secrets\": {...}}, got a " +
                          std::string(object.type_name()));
    }
    JsonReader reader(object, "");
    FunctionEnv env;
    if (const nlohmann::json* values = reader.take("values"))
        env.values = env_map_from_json(*values, "values");
    if (const nlohmann::json* secrets = reader.take("secrets"))
        env.secrets = env_map_from_json(*secrets, "secrets");
    reader.finish();
    validate(env);
    return env;
}

nlohmann::json describe(const FunctionEnv& env) {
    nlohmann::json secrets = nlohmann::json::array();
    for (const auto& entry : env.secrets)
        secrets.push_back(entry.first);
    return {{"values", env.values}, {"secrets", secrets}};
}

}  // namespace ember::daemon
