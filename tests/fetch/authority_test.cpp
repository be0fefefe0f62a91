#include "fetch/authority.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace ember::fetch;

namespace {

std::string refusal(const char* text) {
    try {
        parse_authority(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("an authority is a name or an address, with an optional port", "[fetch]") {
    const Authority name = parse_authority("API.Example.COM");
    CHECK(name.host == "api.example.com");
    CHECK_FALSE(name.host_is_address);
    CHECK_FALSE(name.port);

    const Authority named_port = parse_authority("api.example.com:8080");
    CHECK(named_port.host == "api.example.com");
    CHECK(named_port.port == 8080);

    const Authority v4 = parse_authority("127.0.0.1:8080");
    CHECK(v4.host == "127.0.0.1");
    CHECK(v4.host_is_address);
    CHECK(v4.port == 8080);

    const Authority v6 = parse_authority("[0:0::1]:8080");
    CHECK(v6.host == "::1");
    CHECK(v6.host_is_address);
    CHECK(v6.port == 8080);
    CHECK(parse_authority("[2001:db8::1]").port == std::nullopt);
    CHECK(parse_authority("localhost").host == "localhost");
    CHECK(parse_authority("xn--bcher-kva.example").host == "xn--bcher-kva.example");
}

TEST_CASE("an authority that is not plainly a host and port is refused, saying why", "[fetch]") {
    CHECK(refusal("") == "no host");
    CHECK(refusal(":80") == "no host");
    CHECK(refusal("example.com:") == "the port must be a number from 1 to 65535");
    CHECK(refusal("example.com:0") == "the port must be a number from 1 to 65535");
    CHECK(refusal("example.com:65536") == "the port must be a number from 1 to 65535");
    CHECK(refusal("example.com:+80") == "the port must be a number from 1 to 65535");
    CHECK(refusal("::1") == "an IPv6 address must be in brackets, as in [2001:db8::1]:443");
    CHECK(refusal("[::1") == "'[' without ']' around the IPv6 address");
    CHECK(refusal("[127.0.0.1]:80") == "'127.0.0.1' in brackets is not an IPv6 address");
    CHECK(refusal("[::1]x") == "text after ']' that is not a port");
    CHECK(refusal("example.com.") == "the host name has an empty label");
    CHECK(refusal("-example.com") == "a label of the host name starts or ends with '-'");
    CHECK(refusal("exa_mple.com").find("only letters, digits") != std::string::npos);
    CHECK(refusal("bücher.example").find("punycode") != std::string::npos);
    CHECK(refusal(std::string(64, 'a').c_str()) ==
          "a label of the host name is longer than 63 characters");
    CHECK(refusal("127.1").find("nor an IP address in standard form") != std::string::npos);
    CHECK(refusal("0x7f000001").find("nor an IP address") != std::string::npos);
    CHECK(refusal("2130706433").find("nor an IP address") != std::string::npos);
}
