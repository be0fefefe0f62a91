// Tests of loadtest/wire_response.cpp: complete, incomplete and malformed
// responses as they arrive on the wire.
#include "loadtest/wire_response.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace ember::loadtest;

TEST_CASE("a response with a Content-Length body is read whole", "[abuse]") {
    const std::string bytes =
        "HTTP/1.1 413 Payload Too Large\r\ncontent-length: 5\r\nConnection: close\r\n\r\nhello"
        "HTTP/1.1 200 OK\r\n";
    const auto response = parse_response(bytes);
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(response->body == "hello");
    CHECK(response->close);
    // What follows is the next response's.
    CHECK(response->length == bytes.find("HTTP/1.1 200"));
}

TEST_CASE("a response is incomplete until its whole body arrived", "[abuse]") {
    const std::string whole = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
    for (std::size_t size = 0; size < whole.size(); ++size)
        CHECK_FALSE(parse_response(whole.substr(0, size)));
    const auto response = parse_response(whole);
    REQUIRE(response);
    CHECK_FALSE(response->close);
    CHECK(response->body == "abcd");
}

TEST_CASE("bytes that are not an HTTP/1.1 response are refused", "[abuse]") {
    CHECK_THROWS_AS(parse_response("SSH-2.0-OpenSSH\r\n"), std::runtime_error);
    CHECK_THROWS_AS(parse_response("HTTP/1.1 200 OK\r\n\r\n"), std::runtime_error);
    CHECK_THROWS_AS(parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                    std::runtime_error);
    CHECK_THROWS_AS(parse_response("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"),
                    std::runtime_error);
    CHECK_THROWS_AS(parse_response("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
                    std::runtime_error);
}
