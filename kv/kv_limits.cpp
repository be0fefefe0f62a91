// The checks of one call's arguments against the store's limits.
#include "kv/kv_limits.hpp"

namespace ember::kv {

KvStatus check_namespace(const KvLimits& limits, std::string_view ns) {
    return ns.empty() || ns.size() > limits.max_namespace_bytes ? KvStatus::invalid : KvStatus::ok;
}

KvStatus check_key(const KvLimits& limits, std::string_view key) {
    if (key.empty()) return KvStatus::invalid;
    return key.size() > limits.max_key_bytes ? KvStatus::key_too_large : KvStatus::ok;
}

KvStatus check_value(const KvLimits& limits, std::string_view value) {
    return value.size() > limits.max_value_bytes ? KvStatus::value_too_large : KvStatus::ok;
}

KvStatus check_list(const KvLimits& limits, std::string_view prefix, std::string_view after,
                    std::size_t limit) {
    if (prefix.size() > limits.max_key_bytes || after.size() > limits.max_key_bytes)
        return KvStatus::key_too_large;
    return limit == 0 || limit > limits.max_list_keys ? KvStatus::invalid : KvStatus::ok;
}

}  // namespace ember::kv
