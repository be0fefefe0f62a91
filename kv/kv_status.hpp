// KvStatus: how a key-value operation ended, as a value the guest will see.
#pragma once

#include <string_view>

namespace ember::kv {

// Every outcome a caller (later: a guest, through kv_get and the others)
// must tell apart. The store never throws these: they are results.
enum class KvStatus {
    ok,
    not_found,        // no such key (get, remove)
    key_too_large,    // key longer than KvLimits::max_key_bytes
    value_too_large,  // value longer than KvLimits::max_value_bytes
    over_quota,       // the set would take the namespace over its quota
    unavailable,      // the database failed (I/O error, disk full, corrupt page)
    invalid,          // an empty key or namespace, a bad list limit or cursor
};

// A short lowercase name, e.g. "value_too_large".
std::string_view to_string(KvStatus status);

}  // namespace ember::kv
