// Tests of base/url.cpp.
#include "base/url.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using ember::parse_url;

TEST_CASE("a URL with host, port, path and query", "[url]") {
    const auto url = parse_url("http://127.0.0.1:8080/v1/functions/echo/invoke?handler=upper");
    CHECK(url.host == "127.0.0.1");
    CHECK(url.port == "8080");
    CHECK(url.target == "/v1/functions/echo/invoke?handler=upper");
    CHECK(url.host_header() == "127.0.0.1:8080");
}

TEST_CASE("defaults: port 80, path /", "[url]") {
    const auto url = parse_url("http://localhost");
    CHECK(url.host == "localhost");
    CHECK(url.port == "80");
    CHECK(url.target == "/");
    CHECK(url.host_header() == "localhost");
}

TEST_CASE("IPv6 addresses in brackets", "[url]") {
    const auto url = parse_url("http://[::1]:9000/x");
    CHECK(url.host == "::1");
    CHECK(url.port == "9000");
    CHECK(url.host_header() == "[::1]:9000");
}

TEST_CASE("what is refused", "[url]") {
    CHECK_THROWS_AS(parse_url("https://example.com/"), std::invalid_argument);
    CHECK_THROWS_AS(parse_url("127.0.0.1:8080"), std::invalid_argument);
    CHECK_THROWS_AS(parse_url("http://:8080/"), std::invalid_argument);
    CHECK_THROWS_AS(parse_url("http://h:99999/"), std::invalid_argument);
    CHECK_THROWS_AS(parse_url("http://h:port/"), std::invalid_argument);
    CHECK_THROWS_AS(parse_url("http://u@h/"), std::invalid_argument);
}
