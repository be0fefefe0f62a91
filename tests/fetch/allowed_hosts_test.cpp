#include "fetch/allowed_hosts.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace ember::fetch;

namespace {

std::string refusal(const std::vector<std::string>& entries) {
    try {
        AllowedHosts::parse(entries);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

bool allows(const AllowedHosts& hosts, const char* url) {
    return hosts.find(parse_fetch_url(url)) != nullptr;
}

}  // namespace

TEST_CASE("no allowed_hosts allows nothing", "[fetch]") {
    const AllowedHosts none;
    CHECK(none.empty());
    CHECK_FALSE(allows(none, "http://example.com/"));
    CHECK_FALSE(allows(AllowedHosts::parse({}), "http://127.0.0.1/"));
}

TEST_CASE("an entry without a port allows 80 for http and 443 for https", "[fetch]") {
    const AllowedHosts hosts = AllowedHosts::parse({"API.example.com"});
    CHECK(allows(hosts, "http://api.example.com/x"));
    CHECK(allows(hosts, "http://API.EXAMPLE.COM:80/x"));
    CHECK(allows(hosts, "https://api.example.com/x"));
    CHECK_FALSE(allows(hosts, "http://api.example.com:443/"));
    CHECK_FALSE(allows(hosts, "https://api.example.com:80/"));
    CHECK_FALSE(allows(hosts, "http://api.example.com:8080/"));
    CHECK_FALSE(allows(hosts, "http://example.com/"));
    CHECK_FALSE(allows(hosts, "http://evil.api.example.com/"));
    CHECK_FALSE(allows(hosts, "http://api.example.com.evil.net/"));
}

TEST_CASE("an entry with a port allows that port for either scheme", "[fetch]") {
    const AllowedHosts hosts =
        AllowedHosts::parse({"api.example.com:8080", "127.0.0.1:9000", "[::1]:9001"});
    CHECK(allows(hosts, "http://api.example.com:8080/"));
    CHECK(allows(hosts, "https://api.example.com:8080/"));
    CHECK_FALSE(allows(hosts, "http://api.example.com/"));
    CHECK(allows(hosts, "http://127.0.0.1:9000/"));
    CHECK_FALSE(allows(hosts, "http://127.0.0.1:9001/"));
    CHECK(allows(hosts, "http://[::1]:9001/"));
    CHECK(allows(hosts, "http://[0:0:0::1]:9001/"));
    CHECK_FALSE(allows(hosts, "http://[::ffff:127.0.0.1]:9000/"));
}

TEST_CASE("a name entry never matches an address, nor an address entry a name", "[fetch]") {
    const AllowedHosts hosts = AllowedHosts::parse({"localhost:9000", "127.0.0.1:9001"});
    CHECK_FALSE(allows(hosts, "http://127.0.0.1:9000/"));
    CHECK_FALSE(allows(hosts, "http://localhost:9001/"));
}

TEST_CASE("a bad allowed_hosts entry is refused, naming its index and why", "[fetch]") {
    CHECK(refusal({"ok.example", ""}) == "allowed_hosts[1] \"\": an empty entry");
    CHECK(refusal({"http://api.example.com"}) ==
          "allowed_hosts[0] \"http://api.example.com\": write the host without a scheme, as in "
          "\"api.example.com\"");
    CHECK(refusal({"*.example.com"}) ==
          "allowed_hosts[0] \"*.example.com\": wildcards are not supported: list each host");
    CHECK(refusal({"example.com/path"}) ==
          "allowed_hosts[0] \"example.com/path\": an entry is a host and an optional port, no "
          "path or user");
    CHECK(refusal({"user@example.com"}).find("no path or user") != std::string::npos);
    CHECK(refusal({"example.com:99999"}) ==
          "allowed_hosts[0] \"example.com:99999\": the port must be a number from 1 to 65535");
    CHECK(refusal({"::1"}).find("must be in brackets") != std::string::npos);
    CHECK(refusal({"exa mple.com"}).find("only letters, digits") != std::string::npos);
    CHECK(refusal({"a\nb"}) ==
          "allowed_hosts[0] \"a\\nb\": the host name may hold only letters, "
          "digits, '-' and '.' (write international names in punycode, xn--)");
    CHECK(refusal(std::vector<std::string>(AllowedHosts::max_entries + 1, "a.example")) ==
          "allowed_hosts has 257 entries, more than 256");
}
