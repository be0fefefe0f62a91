// Every way an API request can fail, and the one table that maps each to its
// HTTP status, its docs/api.md error code and, for invocations, its outcome label
// in /metrics. Errors of the HTTP protocol itself (a malformed request, a
// header too large) are answered below this layer, by http/.
#pragma once

#include <string>
#include <string_view>

#include "daemon/metrics/outcome.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/message.hpp"
#include "pool/acquired.hpp"
#include "sandbox/guest_error.hpp"

namespace ember::daemon {

enum class ApiError {
    // the request
    invalid_name,
    invalid_binary,
    invalid_config,
    invalid_request,  // a malformed body or query value outside a deploy's config
    payload_too_large,
    // who asks
    unauthorized,
    forbidden,
    // what it names
    route_not_found,
    method_not_allowed,
    function_not_found,
    version_not_found,
    handler_not_found,
    invocation_not_found,
    result_not_found,
    // the function's state
    conflict,
    result_pending,
    init_failed,
    overloaded,
    unavailable,
    shutting_down,  // a call interrupted when emberd's drain grace ended
    memory_exhausted,
    timeout,
    // the guest
    guest_fault,
    guest_abort,
    // the daemon
    insufficient_storage,
    limit_reached,
    internal,
};

struct ErrorMapping {
    unsigned status;
    std::string_view code;
    Outcome outcome;  // what an invocation that ends so counts as
};

ErrorMapping mapping_of(ApiError error);

ApiError api_error_of(sandbox::GuestErrorKind kind);
ApiError api_error_of(DeployError::Kind kind);
ApiError api_error_of(pool::AcquireError error);

// The error's JSON body, with the headers its status calls for:
// WWW-Authenticate on 401, Retry-After on 429, memory_exhausted and
// result_pending. A 405's Allow is the caller's. An invocation's error names
// its id in the body.
http::Response error_response(ApiError error, std::string_view message,
                              std::string_view invocation_id = {});

// "no function named 'NAME'": what every answer about an unknown function
// says, as a message and as the whole response.
std::string no_function_named(std::string_view name);
http::Response function_not_found(std::string_view name);

// "no invocation with id 'ID' ...": the 404 of the /v1/invocations routes.
std::string no_invocation_with_id(std::string_view id);

}  // namespace ember::daemon
