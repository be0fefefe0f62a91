// The error table against docs/api.md's status codes, row by row.
#include "daemon/api/api_error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

using namespace ember::daemon;

namespace {

struct Row {
    ApiError error;
    unsigned status;
    std::string code;
};

// Written out from docs/api.md's "Errors" table, not derived from the code.
const Row api_md[] = {
    {ApiError::invalid_name, 400, "invalid_name"},
    {ApiError::invalid_binary, 400, "invalid_binary"},
    {ApiError::invalid_config, 400, "invalid_config"},
    {ApiError::invalid_request, 400, "invalid_request"},
    {ApiError::payload_too_large, 413, "payload_too_large"},
    {ApiError::unauthorized, 401, "unauthorized"},
    {ApiError::forbidden, 403, "forbidden"},
    {ApiError::route_not_found, 404, "not_found"},
    {ApiError::method_not_allowed, 405, "method_not_allowed"},
    {ApiError::function_not_found, 404, "function_not_found"},
    {ApiError::version_not_found, 404, "version_not_found"},
    {ApiError::handler_not_found, 404, "handler_not_found"},
    {ApiError::invocation_not_found, 404, "invocation_not_found"},
    {ApiError::result_not_found, 404, "result_not_found"},
    {ApiError::conflict, 409, "conflict"},
    {ApiError::result_pending, 409, "result_pending"},
    {ApiError::init_failed, 422, "init_failed"},
    {ApiError::overloaded, 429, "overloaded"},
    {ApiError::unavailable, 503, "unavailable"},
    {ApiError::shutting_down, 503, "shutting_down"},
    {ApiError::memory_exhausted, 503, "memory_exhausted"},
    {ApiError::timeout, 504, "timeout"},
    {ApiError::guest_fault, 500, "guest_fault"},
    {ApiError::guest_abort, 500, "guest_abort"},
    {ApiError::insufficient_storage, 507, "insufficient_storage"},
    {ApiError::limit_reached, 507, "limit_reached"},
    {ApiError::internal, 500, "internal"},
};

}  // namespace

TEST_CASE("every API error has docs/api.md's status and code", "[api_error]") {
    std::set<std::string> codes;
    for (const Row& row : api_md) {
        INFO(row.code);
        const ErrorMapping mapping = mapping_of(row.error);
        CHECK(mapping.status == row.status);
        CHECK(mapping.code == row.code);
        CHECK(codes.insert(row.code).second);
        const ember::http::Response response = error_response(row.error, "why");
        CHECK(response.status == row.status);
        const auto body = nlohmann::json::parse(response.body);
        CHECK(body["error"]["code"] == row.code);
        CHECK(body["error"]["message"] == "why");
    }
    // The table above lists every enumerator: the last one closes it.
    CHECK(static_cast<int>(ApiError::internal) + 1 == static_cast<int>(std::size(api_md)));
}

TEST_CASE("401 asks for a bearer token, 429 and memory_exhausted say when to retry",
          "[api_error]") {
    const auto has = [](const ember::http::Response& r, std::string_view name,
                        std::string_view value) {
        for (const auto& [n, v] : r.headers)
            if (n == name && v == value) return true;
        return false;
    };
    CHECK(has(error_response(ApiError::unauthorized, ""), "WWW-Authenticate", "Bearer"));
    CHECK(has(error_response(ApiError::overloaded, ""), "Retry-After", "1"));
    CHECK(has(error_response(ApiError::memory_exhausted, ""), "Retry-After", "1"));
    CHECK(error_response(ApiError::forbidden, "").headers.size() == 1);  // Content-Type only
}

TEST_CASE("guest, deploy and pool failures map to API errors", "[api_error]") {
    using K = ember::sandbox::GuestErrorKind;
    CHECK(api_error_of(K::fault) == ApiError::guest_fault);
    CHECK(api_error_of(K::denied) == ApiError::guest_fault);
    CHECK(api_error_of(K::bad_reply) == ApiError::guest_fault);
    CHECK(api_error_of(K::abort) == ApiError::guest_abort);
    CHECK(api_error_of(K::timeout) == ApiError::timeout);
    CHECK(api_error_of(K::interrupted) == ApiError::shutting_down);
    CHECK(api_error_of(K::no_such_handler) == ApiError::handler_not_found);
    CHECK(api_error_of(K::input_too_large) == ApiError::payload_too_large);

    using D = DeployError::Kind;
    CHECK(api_error_of(D::invalid_name) == ApiError::invalid_name);
    CHECK(api_error_of(D::invalid_binary) == ApiError::invalid_binary);
    CHECK(api_error_of(D::invalid_config) == ApiError::invalid_config);
    CHECK(api_error_of(D::init_failed) == ApiError::init_failed);
    CHECK(api_error_of(D::conflict) == ApiError::conflict);
    CHECK(api_error_of(D::storage) == ApiError::insufficient_storage);
    CHECK(api_error_of(D::limit) == ApiError::limit_reached);

    using A = ember::pool::AcquireError;
    CHECK(api_error_of(A::overloaded) == ApiError::overloaded);
    CHECK(api_error_of(A::timed_out) == ApiError::timeout);
    CHECK(api_error_of(A::shutting_down) == ApiError::unavailable);
    CHECK(api_error_of(A::no_memory) == ApiError::memory_exhausted);
}

TEST_CASE("invocation errors count under their outcome", "[api_error]") {
    CHECK(mapping_of(ApiError::guest_fault).outcome == Outcome::guest_fault);
    CHECK(mapping_of(ApiError::guest_abort).outcome == Outcome::guest_abort);
    CHECK(mapping_of(ApiError::timeout).outcome == Outcome::timeout);
    CHECK(mapping_of(ApiError::overloaded).outcome == Outcome::overloaded);
    CHECK(mapping_of(ApiError::unavailable).outcome == Outcome::unavailable);
    CHECK(mapping_of(ApiError::shutting_down).outcome == Outcome::unavailable);
    CHECK(mapping_of(ApiError::memory_exhausted).outcome == Outcome::unavailable);

    CHECK(mapping_of(ApiError::function_not_found).outcome == Outcome::not_found);
    CHECK(mapping_of(ApiError::handler_not_found).outcome == Outcome::not_found);
    CHECK(mapping_of(ApiError::payload_too_large).outcome == Outcome::bad_request);
    CHECK(mapping_of(ApiError::internal).outcome == Outcome::internal);
}
