#include "daemon/api/routes.hpp"

#include <catch2/catch.hpp>

using namespace ember::daemon;

namespace {

Route ok(std::string_view method, std::string_view path) {
    auto found = route(method, path);
    REQUIRE(std::holds_alternative<Route>(found));
    return std::get<Route>(found);
}

RouteError fails(std::string_view method, std::string_view path) {
    auto found = route(method, path);
    REQUIRE(std::holds_alternative<RouteError>(found));
    return std::get<RouteError>(found);
}

}  // namespace

TEST_CASE("routes of docs/api.md", "[routes]") {
    CHECK(ok("GET", "/healthz").action == Action::healthz);
    CHECK(ok("GET", "/readyz").action == Action::readyz);
    CHECK(ok("GET", "/metrics").action == Action::metrics);
    CHECK(ok("GET", "/v1/functions").action == Action::list_functions);
    CHECK(ok("PUT", "/v1/functions/echo").action == Action::deploy);
    CHECK(ok("GET", "/v1/functions/echo").action == Action::describe);
    CHECK(ok("DELETE", "/v1/functions/echo").action == Action::remove);
    const Route invoke = ok("POST", "/v1/functions/my-fn_2/invoke");
    CHECK(invoke.action == Action::invoke);
    CHECK(invoke.name == "my-fn_2");
    const Route listed = ok("GET", "/v1/functions/echo/invocations");
    CHECK(listed.action == Action::list_invocations);
    CHECK(listed.name == "echo");
    const std::string id(32, 'a');
    const Route record = ok("GET", "/v1/invocations/" + id);
    CHECK(record.action == Action::invocation);
    CHECK(record.id == id);
    CHECK(ok("GET", "/v1/invocations/" + id + "/result").action == Action::invocation_result);
}

TEST_CASE("invocation ids are checked where they enter", "[routes]") {
    CHECK(fails("GET", "/v1/invocations/xyz").error == ApiError::invocation_not_found);
    CHECK(fails("GET", "/v1/invocations/" + std::string(32, 'A')).error ==
          ApiError::invocation_not_found);
    CHECK(fails("GET", "/v1/invocations/").error == ApiError::route_not_found);
    CHECK(fails("GET", "/v1/invocations/" + std::string(32, 'a') + "/other").error ==
          ApiError::route_not_found);
    CHECK(fails("DELETE", "/v1/invocations/" + std::string(32, 'a')).allow == "GET");
    CHECK(fails("POST", "/v1/functions/echo/invocations").allow == "GET");
}

TEST_CASE("unknown routes are 404 and wrong methods 405 with Allow", "[routes]") {
    CHECK(fails("GET", "/").error == ApiError::route_not_found);
    CHECK(fails("GET", "/v1/functions/echo/other").error == ApiError::route_not_found);
    CHECK(fails("GET", "/v1/functions/").error == ApiError::route_not_found);
    const RouteError patch = fails("PATCH", "/v1/functions/echo");
    CHECK(patch.error == ApiError::method_not_allowed);
    CHECK(patch.allow == "GET, PUT, DELETE");
    CHECK(fails("GET", "/v1/functions/echo/invoke").allow == "POST");
    CHECK(fails("POST", "/healthz").error == ApiError::method_not_allowed);
}

TEST_CASE("function names are checked where they enter", "[routes]") {
    const RouteError bad = fails("PUT", "/v1/functions/Bad_Name");
    CHECK(bad.error == ApiError::invalid_name);
    CHECK_THAT(bad.message, Catch::Matchers::Contains("1 to 63"));
    CHECK(fails("PUT", "/v1/functions/-x").error == ApiError::invalid_name);
    CHECK(fails("PUT", "/v1/functions/" + std::string(64, 'a')).error == ApiError::invalid_name);
    CHECK(ok("PUT", "/v1/functions/" + std::string(63, 'a')).action == Action::deploy);
    // No function can have such a name, so the others answer "not found".
    CHECK(fails("GET", "/v1/functions/Bad").error == ApiError::function_not_found);
    CHECK(fails("POST", "/v1/functions/%2e%2e/invoke").error == ApiError::function_not_found);
}
