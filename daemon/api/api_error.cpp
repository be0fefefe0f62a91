// The error table. docs/api.md fixes the status and code of each row; a test
// checks every row against it.
#include "daemon/api/api_error.hpp"

#include <nlohmann/json.hpp>

namespace ember::daemon {

ErrorMapping mapping_of(ApiError error) {
    using E = ApiError;
    using O = Outcome;
    switch (error) {
        case E::invalid_name:
            return {400, "invalid_name", O::bad_request};
        case E::invalid_binary:
            return {400, "invalid_binary", O::bad_request};
        case E::invalid_config:
            return {400, "invalid_config", O::bad_request};
        case E::invalid_request:
            return {400, "invalid_request", O::bad_request};
        case E::payload_too_large:
            return {413, "payload_too_large", O::bad_request};
        case E::unauthorized:
            return {401, "unauthorized", O::bad_request};
        case E::forbidden:
            return {403, "forbidden", O::bad_request};
        case E::route_not_found:
            return {404, "not_found", O::not_found};
        case E::method_not_allowed:
            return {405, "method_not_allowed", O::bad_request};
        case E::function_not_found:
            return {404, "function_not_found", O::not_found};
        case E::version_not_found:
            return {404, "version_not_found", O::not_found};
        case E::handler_not_found:
            return {404, "handler_not_found", O::not_found};
        case E::invocation_not_found:
            return {404, "invocation_not_found", O::not_found};
        case E::result_not_found:
            return {404, "result_not_found", O::not_found};
        case E::conflict:
            return {409, "conflict", O::bad_request};
        case E::result_pending:
            return {409, "result_pending", O::bad_request};
        case E::init_failed:
            return {422, "init_failed", O::bad_request};
        case E::overloaded:
            return {429, "overloaded", O::overloaded};
        case E::unavailable:
            return {503, "unavailable", O::unavailable};
        case E::shutting_down:
            return {503, "shutting_down", O::unavailable};
        case E::memory_exhausted:
            return {503, "memory_exhausted", O::unavailable};
        case E::timeout:
            return {504, "timeout", O::timeout};
        case E::guest_fault:
            return {500, "guest_fault", O::guest_fault};
        case E::guest_abort:
            return {500, "guest_abort", O::guest_abort};
        case E::insufficient_storage:
            return {507, "insufficient_storage", O::internal};
        case E::limit_reached:
            return {507, "limit_reached", O::internal};
        case E::internal:
            return {500, "internal", O::internal};
    }
    return {500, "internal", O::internal};
}

ApiError api_error_of(sandbox::GuestErrorKind kind) {
    using K = sandbox::GuestErrorKind;
    switch (kind) {
        case K::abort:
            return ApiError::guest_abort;
        case K::timeout:
            return ApiError::timeout;
        case K::interrupted:
            // emberd interrupts calls only when it stops (daemon/main.cpp).
            return ApiError::shutting_down;
        case K::no_such_handler:
            return ApiError::handler_not_found;
        case K::input_too_large:
            return ApiError::payload_too_large;
        case K::fault:
        case K::denied:
        case K::bad_reply:
            return ApiError::guest_fault;
    }
    return ApiError::guest_fault;
}

ApiError api_error_of(DeployError::Kind kind) {
    using K = DeployError::Kind;
    switch (kind) {
        case K::invalid_name:
            return ApiError::invalid_name;
        case K::not_found:
            return ApiError::function_not_found;
        case K::version_not_found:
            return ApiError::version_not_found;
        case K::invalid_binary:
            return ApiError::invalid_binary;
        case K::invalid_config:
            return ApiError::invalid_config;
        case K::init_failed:
            return ApiError::init_failed;
        case K::conflict:
            return ApiError::conflict;
        case K::storage:
            return ApiError::insufficient_storage;
        case K::limit:
            return ApiError::limit_reached;
    }
    return ApiError::internal;
}

ApiError api_error_of(pool::AcquireError error) {
    switch (error) {
        case pool::AcquireError::overloaded:
            return ApiError::overloaded;
        case pool::AcquireError::no_memory:
            return ApiError::memory_exhausted;
        case pool::AcquireError::timed_out:
            return ApiError::timeout;
        case pool::AcquireError::shutting_down:
            return ApiError::unavailable;
    }
    return ApiError::internal;
}

http::Response error_response(ApiError error, std::string_view message,
                              std::string_view invocation_id) {
    const ErrorMapping mapping = mapping_of(error);
    http::Response response = http::json_error(mapping.status, mapping.code, message);
    if (!invocation_id.empty()) {
        nlohmann::json body = {
            {"error",
             {{"code", mapping.code}, {"message", message}, {"invocation_id", invocation_id}}}};
        response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    if (error == ApiError::unauthorized)
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
    if (error == ApiError::overloaded || error == ApiError::result_pending ||
        error == ApiError::memory_exhausted)

        response.headers.emplace_back("Retry-After", "1");
    return response;
}

std::string no_function_named(std::string_view name) {
    return "no function named '" + std::string(name) + "'";
}

http::Response function_not_found(std::string_view name) {
    return error_response(ApiError::function_not_found, no_function_named(name));
}

std::string no_invocation_with_id(std::string_view id) {
    return "no invocation with id '" + std::string(id) +
           "': ids are 32 hex digits, and the oldest records are evicted";
}

}  // namespace ember::daemon
