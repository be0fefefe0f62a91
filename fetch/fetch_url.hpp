// FetchUrl: an absolute http:// or https:// URL a fetch may be sent to, and
// the Location of a redirect resolved against the URL that answered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember::fetch {

enum class Scheme { http, https };

struct FetchUrl {
    Scheme scheme = Scheme::http;
    // As in Authority: a lower-case name or a canonical IP address.
    std::string host;
    bool host_is_address = false;
    std::uint16_t port = 80;  // 80 for http, 443 for https unless given
    // Path and query as sent in the request line, starting with '/'; the
    // fragment is never sent, so it is dropped.
    std::string target = "/";

    // The Host header: host, in brackets when IPv6, and ":port" unless it
    // is the scheme's default.
    std::string host_header() const;
    // "api.example.com:443", "[2001:db8::1]:8080": where, for messages.
    std::string host_and_port() const;
    // "scheme://host[:port]": requests to the same origin may keep
    // credentials across a redirect, others may not.
    std::string origin() const;
};

// 80 for http, 443 for https.
std::uint16_t default_port(Scheme scheme);

// "http://HOST[:PORT][/PATH][?QUERY][#FRAGMENT]" or the same with https.
// No user info, no whitespace or control characters, no non-ASCII bytes
// (percent-encode them). Throws std::invalid_argument saying what is wrong;
// the message names the host at most, never the path or the query, which
// may hold credentials.
FetchUrl parse_fetch_url(std::string_view text);

// The URL a redirect's Location header points to, relative to `base`: an
// absolute URL, "//host/path", "/path", "?query" or a relative path.
// Throws std::invalid_argument as parse_fetch_url does.
FetchUrl resolve_location(const FetchUrl& base, std::string_view location);

}  // namespace ember::fetch
