// Range checks and integer parsing that report errors naming their key.
#include "daemon/config/config_error.hpp"

#include <charconv>

namespace ember::daemon {

namespace {

std::string range_text(uint64_t min, uint64_t max) {
    return std::to_string(min) + ".." + std::to_string(max);
}

}  // namespace

std::string key_path(std::string_view prefix, std::string_view key) {
    std::string path(prefix);
    if (!path.empty()) path += '.';
    path += key;
    return path;
}

uint64_t check_range(std::string_view key, uint64_t value, uint64_t min, uint64_t max) {
    if (value < min || value > max) {
        throw ConfigError(std::string(key) + ": " + std::to_string(value) + " is out of range " +
                          range_text(min, max));
    }
    return value;
}

uint64_t parse_integer(std::string_view key, std::string_view text, uint64_t min, uint64_t max) {
    uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, value);
    // from_chars accepts no sign, spaces or prefix, but would stop early at
    // "12abc": only a fully consumed string is a number.
    if (text.empty() || error != std::errc{} || stop != end) {
        throw ConfigError(std::string(key) + ": expected an integer in " + range_text(min, max) +
                          ", got '" + std::string(text) + "'");
    }
    return check_range(key, value, min, max);
}

}  // namespace ember::daemon
