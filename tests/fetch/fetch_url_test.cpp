#include "fetch/fetch_url.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace ember::fetch;

namespace {

std::string refusal(const char* text) {
    try {
        parse_fetch_url(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

std::string location(const char* base, const char* to) {
    const FetchUrl url = resolve_location(parse_fetch_url(base), to);
    return url.origin() + url.target;
}

}  // namespace

TEST_CASE("a fetch URL has a scheme, a host, a port and a target", "[fetch]") {
    const FetchUrl plain = parse_fetch_url("http://Example.com");
    CHECK(plain.scheme == Scheme::http);
    CHECK(plain.host == "example.com");
    CHECK(plain.port == 80);
    CHECK(plain.target == "/");
    CHECK(plain.host_header() == "example.com");
    CHECK(plain.host_and_port() == "example.com:80");

    const FetchUrl tls = parse_fetch_url("HTTPS://example.com/a/b?c=d#fragment");
    CHECK(tls.scheme == Scheme::https);
    CHECK(tls.port == 443);
    CHECK(tls.target == "/a/b?c=d");
    CHECK(tls.origin() == "https://example.com");

    const FetchUrl v6 = parse_fetch_url("http://[::1]:8080?q");
    CHECK(v6.host == "::1");
    CHECK(v6.host_is_address);
    CHECK(v6.target == "/?q");
    CHECK(v6.host_header() == "[::1]:8080");
    CHECK(parse_fetch_url("https://example.com:443/").host_header() == "example.com");
    CHECK(parse_fetch_url("http://example.com:443/").host_header() == "example.com:443");
}

TEST_CASE("a URL a fetch cannot send is refused without echoing its path", "[fetch]") {
    CHECK(refusal("ftp://example.com/") == "URL: only http:// and https:// URLs are supported");
    CHECK(refusal("example.com") == "URL: only http:// and https:// URLs are supported");
    CHECK(refusal("http://user:secret@example.com/") == "URL: user info is not supported");
    CHECK(refusal("http:///path") == "URL: no host");
    CHECK(refusal("http://example.com/a b") ==
          "URL: spaces, control characters and non-ASCII bytes must be percent-encoded");
    CHECK(refusal("http://example.com/\r\nX-Injected: 1").find("percent-encoded") !=
          std::string::npos);
    CHECK(refusal("http://example.com:99999/") == "URL: the port must be a number from 1 to 65535");
    CHECK(refusal("http://exa$mple.com/").find("only letters, digits") != std::string::npos);
    CHECK(refusal("http://example.com/?token=hunter2 x").find("hunter2") == std::string::npos);
}

TEST_CASE("a redirect's Location resolves against the URL that answered", "[fetch]") {
    const char* base = "http://a.example:8080/dir/page?x=1";
    CHECK(location(base, "https://b.example/y") == "https://b.example/y");
    CHECK(location(base, "HTTP://b.example/y") == "http://b.example/y");
    CHECK(location(base, "//b.example/y") == "http://b.example/y");
    CHECK(location(base, "/other?z=2#f") == "http://a.example:8080/other?z=2");
    CHECK(location(base, "?z=2") == "http://a.example:8080/dir/page?z=2");
    CHECK(location(base, "next") == "http://a.example:8080/dir/next");
    CHECK(location(base, "next?u=http://c.example/") ==
          "http://a.example:8080/dir/next?u=http://c.example/");
    CHECK(location(base, "#top") == "http://a.example:8080/dir/page?x=1");
    CHECK_THROWS_AS(resolve_location(parse_fetch_url(base), "ftp://b.example/"),
                    std::invalid_argument);
    CHECK_THROWS_AS(resolve_location(parse_fetch_url(base), ""), std::invalid_argument);
    CHECK_THROWS_AS(resolve_location(parse_fetch_url(base), "/a b"), std::invalid_argument);
}
