// JSON values as text for people, and as JSON for scripts.
#include "cli/json_text.hpp"

#include <iostream>

namespace ember::cli {

std::string to_text(const nlohmann::json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
    std::string out;
    if (value.is_array()) {
        for (const auto& item : value)
            out += (out.empty() ? "" : ", ") + to_text(item);
        return out.empty() ? "-" : out;
    }
    if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            out += (out.empty() ? "" : ", ") + key + " " + to_text(item);
        return out.empty() ? "-" : out;
    }
    return value.dump();
}

const nlohmann::json& field(const nlohmann::json& object, std::string_view key) {
    static const nlohmann::json null;
    if (!object.is_object()) return null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}

std::string field_text(const nlohmann::json& object, std::string_view key) {
    return to_text(field(object, key));
}

std::string short_sha256(std::string_view sha256) {
    return std::string(sha256.substr(0, 12));
}

void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ember::cli
