// Reads one JSON object of a config key by key, so that every error names the
// full key path and keys that nobody asked for are reported, not ignored.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ember::daemon {

// Usage: construct over an object, call read() for every key the section
// knows (an absent key leaves the output untouched: it keeps its default),
// then finish(), which throws ConfigError for the first unknown key.
// Every error is a ConfigError starting with "PATH.KEY: ".
class JsonReader {
  public:
    // `path` is the key path of the object itself ("" for the top level).
    JsonReader(const nlohmann::json& object, std::string path);

    bool read(std::string_view key, uint64_t& out, uint64_t min, uint64_t max);
    bool read(std::string_view key, uint32_t& out, uint32_t min, uint32_t max);
    bool read(std::string_view key, std::string& out);
    bool read(std::string_view key, bool& out);
    bool read(std::string_view key, std::vector<std::string>& out);

    // The raw value of `key` (nullptr when absent), for nested sections.
    const nlohmann::json* take(std::string_view key);

    // "PATH.KEY".
    std::string path_of(std::string_view key) const;

    void finish() const;

  private:
    [[noreturn]] void type_error(std::string_view key, std::string_view expected,
                                 const nlohmann::json& value) const;

    const nlohmann::json& object_;
    std::string path_;
    std::set<std::string, std::less<>> taken_;
};

// A short rendering of a JSON value for error messages.
std::string describe_json(const nlohmann::json& value);

}  // namespace ember::daemon
