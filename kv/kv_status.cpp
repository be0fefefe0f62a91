// The names of the key-value statuses.
#include "kv/kv_status.hpp"

namespace ember::kv {

std::string_view to_string(KvStatus status) {
    switch (status) {
        case KvStatus::ok:
            return "ok";
        case KvStatus::not_found:
            return "not_found";
        case KvStatus::key_too_large:
            return "key_too_large";
        case KvStatus::value_too_large:
            return "value_too_large";
        case KvStatus::over_quota:
            return "over_quota";
        case KvStatus::unavailable:
            return "unavailable";
        case KvStatus::invalid:
            return "invalid";
    }
    return "unknown";
}

}  // namespace ember::kv
