// JsonReader: typed, range-checked reads of config objects with key paths.
#include "daemon/config/json_reader.hpp"

#include "daemon/config/config_error.hpp"

namespace ember::daemon {

namespace {

// Long values (a pasted binary, a huge array) would drown the message.
constexpr std::size_t max_described_chars = 60;

}  // namespace

std::string describe_json(const nlohmann::json& value) {
    std::string text = value.dump();
    if (text.size() > max_described_chars) text = text.substr(0, max_described_chars) + "...";
    return text;
}

JsonReader::JsonReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) {
        throw ConfigError((path_.empty() ? std::string("config") : path_) +
                          ": expected an object, got " + describe_json(object_));
    }
}

std::string JsonReader::path_of(std::string_view key) const {
    return key_path(path_, key);
}

const nlohmann::json* JsonReader::take(std::string_view key) {
    auto found = object_.find(key);
    if (found == object_.end()) return nullptr;
    taken_.emplace(key);
    return &*found;
}

void JsonReader::type_error(std::string_view key, std::string_view expected,
                            const nlohmann::json& value) const {
    throw ConfigError(path_of(key) + ": expected " + std::string(expected) + ", got " +
                      describe_json(value));
}

bool JsonReader::read(std::string_view key, uint64_t& out, uint64_t min, uint64_t max) {
    const nlohmann::json* value = take(key);
    if (value == nullptr) return false;
    if (!value->is_number_integer()) {
        type_error(key, "an integer in " + std::to_string(min) + ".." + std::to_string(max),
                   *value);
    }
    if (!value->is_number_unsigned() && value->get<int64_t>() < 0) {
        // Negative: say so in the same words as any other range error.
        throw ConfigError(path_of(key) + ": " + std::to_string(value->get<int64_t>()) +
                          " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    }
    out = check_range(path_of(key), value->get<uint64_t>(), min, max);
    return true;
}

bool JsonReader::read(std::string_view key, uint32_t& out, uint32_t min, uint32_t max) {
    uint64_t wide = out;
    if (!read(key, wide, min, max)) return false;
    out = static_cast<uint32_t>(wide);  // in min..max, so it fits
    return true;
}

bool JsonReader::read(std::string_view key, std::string& out) {
    const nlohmann::json* value = take(key);
    if (value == nullptr) return false;
    if (!value->is_string()) type_error(key, "a string", *value);
    out = value->get<std::string>();
    return true;
}

bool JsonReader::read(std::string_view key, bool& out) {
    const nlohmann::json* value = take(key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) type_error(key, "true or false", *value);
    out = value->get<bool>();
    return true;
}

bool JsonReader::read(std::string_view key, std::vector<std::string>& out) {
    const nlohmann::json* value = take(key);
    if (value == nullptr) return false;
    if (!value->is_array()) type_error(key, "an array of strings", *value);
    std::vector<std::string> strings;
    for (const auto& item : *value) {
        if (!item.is_string()) type_error(key, "an array of strings", *value);
        strings.push_back(item.get<std::string>());
    }
    out = std::move(strings);
    return true;
}

void JsonReader::finish() const {
    for (const auto& [key, value] : object_.items()) {
        if (!taken_.contains(key)) {
            throw ConfigError(path_of(key) + ": unknown key (check its spelling)");
        }
    }
}

}  // namespace ember::daemon
