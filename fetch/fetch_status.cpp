// The names of the fetch statuses.
#include "fetch/fetch_status.hpp"

namespace ember::fetch {

std::string_view to_string(FetchStatus status) {
    switch (status) {
        case FetchStatus::ok:
            return "ok";
        case FetchStatus::denied:
            return "denied";
        case FetchStatus::invalid_request:
            return "invalid_request";
        case FetchStatus::unreachable:
            return "unreachable";
        case FetchStatus::timeout:
            return "timeout";
        case FetchStatus::deadline:
            return "deadline";
        case FetchStatus::too_large:
            return "too_large";
        case FetchStatus::protocol_error:
            return "protocol_error";
    }
    return "unknown";
}

}  // namespace ember::fetch
