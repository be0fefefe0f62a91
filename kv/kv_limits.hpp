// KvLimits: the bounds a key-value store enforces on every call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kv/kv_status.hpp"

namespace ember::kv {

struct KvLimits {
    // Keys are 1..max_key_bytes bytes, of any value (NUL included).
    std::size_t max_key_bytes = 512;
    // Values are 0..max_value_bytes bytes, of any value.
    std::size_t max_value_bytes = 1024 * 1024;
    // What one namespace may hold: the sum of its keys' and values' sizes.
    // A set fails with over_quota when the namespace would hold more than
    // this after it (the value it replaces counts as freed); remove always
    // works.
    std::uint64_t namespace_quota_bytes = 64 * 1024 * 1024;
    // A list returns 1..max_list_keys keys per page.
    std::size_t max_list_keys = 1000;
    // Namespaces are 1..max_namespace_bytes bytes.
    std::size_t max_namespace_bytes = 256;
};

// The checks every backend makes, before it touches its database; each
// returns ok or the status that ends the call.
// A namespace of 1..max_namespace_bytes bytes, or invalid.
KvStatus check_namespace(const KvLimits& limits, std::string_view ns);
// A key of 1..max_key_bytes bytes: invalid when empty, key_too_large above.
KvStatus check_key(const KvLimits& limits, std::string_view key);
// value_too_large above max_value_bytes.
KvStatus check_value(const KvLimits& limits, std::string_view value);
// A list's prefix and cursor (either may be empty) are key_too_large above
// max_key_bytes; its limit is 1..max_list_keys, or invalid.
KvStatus check_list(const KvLimits& limits, std::string_view prefix, std::string_view after,
                    std::size_t limit);

}  // namespace ember::kv
