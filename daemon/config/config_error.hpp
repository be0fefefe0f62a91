// ConfigError, and the checks that produce it for every config value that
// enters the daemon (config file, command line, query parameters).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ember::daemon {

// A rejected configuration value. The message starts with the key (or key
// path, e.g. "function_defaults.pool_max") and says what is allowed, because
// it is shown as-is to the operator or, as `invalid_config`, to the client.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// "prefix.key", or just "key" when the prefix is empty.
std::string key_path(std::string_view prefix, std::string_view key);

// Returns `value` when it lies in min..max; otherwise throws
// "KEY: VALUE is out of range MIN..MAX".
uint64_t check_range(std::string_view key, uint64_t value, uint64_t min, uint64_t max);

// Parses a decimal integer written by a person (query parameter, command line)
// and checks its range. Anything else — empty, signs, spaces, hex, overflow —
// is "KEY: expected an integer in MIN..MAX, got 'TEXT'".
uint64_t parse_integer(std::string_view key, std::string_view text, uint64_t min, uint64_t max);

}  // namespace ember::daemon
