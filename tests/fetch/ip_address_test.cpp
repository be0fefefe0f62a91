#include "fetch/ip_address.hpp"

#include <catch2/catch.hpp>

using namespace ember::fetch;

TEST_CASE("an IP address is read only in its standard form", "[fetch]") {
    const auto v4 = IpAddress::parse("192.0.2.1");
    REQUIRE(v4);
    CHECK(v4->family == IpAddress::Family::v4);
    CHECK(v4->to_string() == "192.0.2.1");

    const auto v6 = IpAddress::parse("2001:DB8:0:0::1");
    REQUIRE(v6);
    CHECK(v6->family == IpAddress::Family::v6);
    CHECK(v6->to_string() == "2001:db8::1");
    CHECK(IpAddress::parse("::ffff:127.0.0.1")->to_string() == "::ffff:127.0.0.1");

    // Forms a resolver would read as 127.0.0.1 are not addresses here.
    for (const char* text : {"127.1", "0x7f000001", "2130706433", "0177.0.0.1", "127.0.0.01",
                             "1.2.3.4.5", "", "[::1]", "fe80::1%eth0", "256.0.0.1", "localhost"})
        CHECK_FALSE(IpAddress::parse(text));
}

TEST_CASE("IP addresses compare by family and bytes", "[fetch]") {
    CHECK(*IpAddress::parse("::1") == *IpAddress::parse("0:0::1"));
    CHECK_FALSE(*IpAddress::parse("127.0.0.1") == *IpAddress::parse("::ffff:127.0.0.1"));
}
