// An http:// URL, "http://HOST[:PORT][/PATH[?QUERY]]", checked once
// where it enters.
#pragma once

#include <string>
#include <string_view>

namespace ember {

struct Url {
    std::string host;          // as written: a name or a numeric address
    std::string port = "80";   // kept as text: it goes to the resolver as is
    std::string target = "/";  // path and query, sent in the request line

    // The Host header: host, plus ":port" when it is not 80.
    std::string host_header() const;
};

// Only plain http (no TLS, no user info, no fragment). Throws
// std::invalid_argument saying what is wrong.
Url parse_url(std::string_view text);

}  // namespace ember
