// Tests of loadtest/http_head.cpp: the end of a head, header lines, tokens
// and Content-Length numbers.
#include "loadtest/http_head.hpp"

#include <catch2/catch.hpp>

using namespace ember::loadtest;

TEST_CASE("a head ends after its blank line, wherever the search starts", "[http_head]") {
    const std::string_view bytes = "GET / HTTP/1.1\r\nHost: a\r\n\r\nbody";
    CHECK(head_end(bytes) == bytes.size() - 4);
    CHECK(head_end(bytes, 20) == bytes.size() - 4);
    CHECK_FALSE(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r").has_value());
    CHECK_FALSE(head_end(bytes, bytes.size() - 2).has_value());
    CHECK_FALSE(head_end("", 10).has_value());
}

TEST_CASE("header lines come with their values trimmed", "[http_head]") {
    HeaderLines lines("HTTP/1.1 200 OK\r\nContent-Length:  5 \r\nX-Empty:\r\nbroken\r\n\r\n");
    CHECK(lines.first_line() == "HTTP/1.1 200 OK");
    auto field = lines.next();
    REQUIRE(field);
    CHECK(field->name == "Content-Length");
    CHECK(field->value == "5");
    field = lines.next();
    REQUIRE(field);
    CHECK(field->name == "X-Empty");
    CHECK(field->value.empty());
    field = lines.next();
    REQUIRE(field);
    CHECK(field->name.empty());  // no colon: the caller rejects it
    CHECK_FALSE(lines.next().has_value());
    CHECK_FALSE(lines.next().has_value());
}

TEST_CASE("a head without its blank line still yields every field", "[http_head]") {
    HeaderLines lines("HTTP/1.1 204 No Content\r\nA: 1");
    REQUIRE(lines.next());
    CHECK_FALSE(lines.next().has_value());
}

TEST_CASE("names and tokens compare without case", "[http_head]") {
    CHECK(iequals("Content-Length", "content-length"));
    CHECK_FALSE(iequals("Content-Length", "content-lengths"));
    CHECK(has_token("keep-alive, Upgrade", "upgrade"));
    CHECK(has_token("Close", "close"));
    CHECK_FALSE(has_token("closed", "close"));
    CHECK_FALSE(has_token("", "close"));
}

TEST_CASE("Content-Length is digits only, at most 18 of them", "[http_head]") {
    CHECK(parse_decimal("0") == 0u);
    CHECK(parse_decimal("1234") == 1234u);
    CHECK(parse_decimal("999999999999999999") == 999999999999999999u);
    CHECK_FALSE(parse_decimal("1000000000000000000").has_value());
    CHECK_FALSE(parse_decimal("").has_value());
    CHECK_FALSE(parse_decimal("-1").has_value());
    CHECK_FALSE(parse_decimal("12 ").has_value());
    CHECK_FALSE(parse_decimal("0x10").has_value());
}
