// Tests of http/message.cpp: header and query lookups, error bodies.
#include "http/message.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

namespace ember::http {
namespace {

TEST_CASE("json_error has exactly the docs/api.md shape", "[http][message]") {
    const Response response = json_error(404, "function_not_found", "no function named 'foo'");
    CHECK(response.status == 404);
    CHECK(response.body ==
          R"({"error":{"code":"function_not_found","message":"no function named 'foo'"}})");
    REQUIRE(response.headers.size() == 1);
    CHECK(response.headers[0] ==
          std::pair<std::string, std::string>{"Content-Type", "application/json"});
}

TEST_CASE("json_error escapes quotes, control characters and bad UTF-8", "[http][message]") {
    const Response response = json_error(400, "bad_request", "say \"hi\"\n\x01 \xff");
    const auto parsed = nlohmann::json::parse(response.body);
    CHECK(parsed["error"]["code"] == "bad_request");
    CHECK(parsed["error"]["message"] == "say \"hi\"\n\x01 \xEF\xBF\xBD");
}

TEST_CASE("Request::header ignores case, query_param does not", "[http][message]") {
    Request request;
    request.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
    request.query = {{"handler", "up"}};
    REQUIRE(request.header("Content-Type") != nullptr);
    CHECK(*request.header("Content-Type") == "text/plain");
    CHECK(*request.header("X-A") == "1");
    CHECK(request.header("missing") == nullptr);
    REQUIRE(request.query_param("handler") != nullptr);
    CHECK(*request.query_param("handler") == "up");
    CHECK(request.query_param("Handler") == nullptr);
}

}  // namespace
}  // namespace ember::http
