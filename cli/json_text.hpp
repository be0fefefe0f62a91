// The server's JSON as text for people, tolerant of what is missing: a field
// the server left out (an older emberd, say) prints as "-" instead of
// failing the command. And JSON for scripts, printed as the server sent it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ember::cli {

// A string as it is, a number as JSON writes it, true/false as yes/no, null
// as "-", an array as its items joined by ", ", an object as "key value"
// pairs joined by ", ".
std::string to_text(const nlohmann::json& value);

// to_text(object[key]), or "-" when `object` is no object or lacks `key`.
std::string field_text(const nlohmann::json& object, std::string_view key);

// object[key] when it is there, else null.
const nlohmann::json& field(const nlohmann::json& object, std::string_view key);

// The first 12 hex digits of a SHA-256, as people compare them.
std::string short_sha256(std::string_view sha256);

// Indented JSON and a newline on standard output.
void print_json(const nlohmann::json& value);

}  // namespace ember::cli
