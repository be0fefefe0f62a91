// How an invocation ended, as the `outcome` label of ember_invocations_total.
#include "daemon/metrics/outcome.hpp"

namespace ember::daemon {

std::string_view to_string(Outcome outcome) {
    // A switch rather than a table, so that -Wswitch flags a new enumerator here.
    switch (outcome) {
        case Outcome::ok:
            return "ok";
        case Outcome::guest_fault:
            return "guest_fault";
        case Outcome::guest_abort:
            return "guest_abort";
        case Outcome::timeout:
            return "timeout";
        case Outcome::overloaded:
            return "overloaded";
        case Outcome::bad_request:
            return "bad_request";
        case Outcome::not_found:
            return "not_found";
        case Outcome::unavailable:
            return "unavailable";
        case Outcome::internal:
            return "internal";
    }
    return "unknown";
}

}  // namespace ember::daemon
