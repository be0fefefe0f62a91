#include "fetch/address_policy.hpp"

#include <catch2/catch.hpp>

using namespace ember::fetch;

namespace {

std::string range_of(const char* text) {
    const auto address = IpAddress::parse(text);
    REQUIRE(address);
    const auto range = special_purpose_range(*address);
    return range ? std::string(*range) : "public";
}

}  // namespace

TEST_CASE("public addresses are public", "[fetch]") {
    for (const char* text :
         {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
          "172.32.0.0", "192.167.255.255", "223.255.255.255", "2606:4700:4700::1111",
          "2a00:1450::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
        CHECK(range_of(text) == "public");
}

TEST_CASE("special-purpose IPv4 addresses are refused, with their range named", "[fetch]") {
    CHECK(range_of("127.0.0.1") == "loopback (127.0.0.0/8)");
    CHECK(range_of("127.255.255.254") == "loopback (127.0.0.0/8)");
    CHECK(range_of("169.254.169.254") == "link-local (169.254.0.0/16)");
    CHECK(range_of("10.1.2.3") == "private (10.0.0.0/8)");
    CHECK(range_of("172.16.0.1") == "private (172.16.0.0/12)");
    CHECK(range_of("172.31.255.255") == "private (172.16.0.0/12)");
    CHECK(range_of("192.168.1.1") == "private (192.168.0.0/16)");
    CHECK(range_of("100.64.0.1") == "shared address space, CGNAT (100.64.0.0/10)");
    CHECK(range_of("100.127.255.255") == "shared address space, CGNAT (100.64.0.0/10)");
    CHECK(range_of("0.0.0.0") == "\"this network\" (0.0.0.0/8)");
    CHECK(range_of("224.0.0.1") == "multicast (224.0.0.0/4)");
    CHECK(range_of("255.255.255.255") == "reserved or broadcast (240.0.0.0/4)");
    for (const char* text : {"192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255",
                             "198.51.100.1", "203.0.113.1", "192.88.99.1"})
        CHECK(range_of(text) != "public");
}

TEST_CASE("special-purpose IPv6 addresses are refused, embedded IPv4 judged as IPv4", "[fetch]") {
    CHECK(range_of("::1") == "loopback (::1/128)");
    CHECK(range_of("::") == "unspecified (::/128)");
    CHECK(range_of("fc00::1") == "unique local (fc00::/7)");
    CHECK(range_of("fd12:3456::1") == "unique local (fc00::/7)");
    CHECK(range_of("fe80::1") == "link-local (fe80::/10)");
    CHECK(range_of("febf::1") == "link-local (fe80::/10)");
    CHECK(range_of("fec0::1") == "site-local (fec0::/10)");
    CHECK(range_of("ff02::1") == "multicast (ff00::/8)");
    CHECK(range_of("2001:db8::1") == "documentation (2001:db8::/32)");
    CHECK(range_of("2001::1") == "IETF protocol assignments (2001::/23)");
    CHECK(range_of("::127.0.0.1") == "not global unicast (outside 2000::/3)");
    CHECK(range_of("100::1") == "not global unicast (outside 2000::/3)");
    CHECK(range_of("64:ff9b:1::1") == "not global unicast (outside 2000::/3)");
    CHECK(range_of("::ffff:127.0.0.1") == "loopback (127.0.0.0/8)");
    CHECK(range_of("::ffff:169.254.169.254") == "link-local (169.254.0.0/16)");
    CHECK(range_of("::ffff:10.0.0.1") == "private (10.0.0.0/8)");
    CHECK(range_of("64:ff9b::7f00:1") == "loopback (127.0.0.0/8)");
    CHECK(range_of("2002:a9fe:a9fe::1") == "link-local (169.254.0.0/16)");
}
