// Tests of http/listen_address.cpp.
#include "http/listen_address.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace ember::http {
namespace {

using Catch::Matchers::Contains;

TEST_CASE("parse_listen_address accepts IPv4, IPv6 and localhost", "[http][listen]") {
    auto v4 = parse_listen_address("127.0.0.1:8080");
    CHECK(v4.host == "127.0.0.1");
    CHECK(v4.port == 8080);
    auto any = parse_listen_address("0.0.0.0:0");
    CHECK(any.host == "0.0.0.0");
    CHECK(any.port == 0);
    auto v6 = parse_listen_address("[::1]:65535");
    CHECK(v6.host == "::1");
    CHECK(v6.port == 65535);
    CHECK(parse_listen_address("[::]:80").host == "::");
    CHECK(parse_listen_address("localhost:9").host == "127.0.0.1");
}

TEST_CASE("parse_listen_address says what is wrong", "[http][listen]") {
    const auto message = [](std::string_view text) {
        try {
            parse_listen_address(text);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        FAIL("no exception for " << text);
        return std::string();
    };
    CHECK(message("8080") == "expected HOST:PORT");
    CHECK_THAT(message("127.0.0.1:"), Contains("port"));
    CHECK_THAT(message("127.0.0.1:65536"), Contains("port"));
    CHECK_THAT(message("127.0.0.1:80x"), Contains("port"));
    CHECK_THAT(message("127.0.0.1:-1"), Contains("port"));
    CHECK_THAT(message("example.com:80"), Contains("numeric"));
    CHECK_THAT(message("::1:80"), Contains("[HOST]:PORT"));
    CHECK_THAT(message("[::1]80"), Contains("[IPV6]:PORT"));
    CHECK_THAT(message("[::1"), Contains("[IPV6]:PORT"));
    CHECK_THAT(message("[nonsense]:80"), Contains("numeric"));
}

}  // namespace
}  // namespace ember::http
