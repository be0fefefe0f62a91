// Tests of cli/server_error.cpp.
#include "cli/server_error.hpp"

#include <catch2/catch.hpp>

namespace ember::cli {
namespace {

HttpReply reply(unsigned status, std::string body) {
    return {status, {}, std::move(body)};
}

TEST_CASE("an error body gives the server's code and message", "[cli]") {
    const std::string body =
        R"({"error":{"code":"function_not_found","message":"no function named 'foo'"}})";
    const auto error = parse_error_body(body);
    REQUIRE(error);
    CHECK(error->code == "function_not_found");
    CHECK(error->message == "no function named 'foo'");
    CHECK(std::string(ServerError(reply(404, body)).what()) ==
          "function_not_found: no function named 'foo' (HTTP 404)");
}

TEST_CASE("a server error names the invocation it belongs to", "[cli]") {
    const std::string body = R"({"error":{"code":"timeout","message":"the call took too long",)"
                             R"("invocation_id":"abc123"}})";
    REQUIRE(parse_error_body(body));
    CHECK(parse_error_body(body)->invocation_id == "abc123");
    CHECK(std::string(ServerError(reply(504, body)).what()) ==
          "timeout: the call took too long (HTTP 504, invocation abc123)");
}

TEST_CASE("what is no error body is shown cut and printable", "[cli]") {
    CHECK_FALSE(parse_error_body("hello"));
    CHECK_FALSE(parse_error_body(R"({"error":"x"})"));
    CHECK_FALSE(parse_error_body(R"({"error":{"code":1,"message":"m"}})"));
    CHECK_FALSE(parse_error_body(R"({"error":{"code":"c"}})"));
    CHECK(std::string(ServerError(reply(502, "bad\ngateway")).what()) == "HTTP 502: bad\\ngateway");
    CHECK(std::string(ServerError(reply(500, "")).what()) == "HTTP 500");
    const std::string long_body(1000, 'x');
    CHECK(std::string(ServerError(reply(502, long_body)).what()) ==
          "HTTP 502: " + std::string(200, 'x') + "...");
}

}  // namespace
}  // namespace ember::cli
