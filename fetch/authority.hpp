// Authority: the "host[:port]" of a URL or of an allowed_hosts entry, parsed
// by the one strict grammar both share, so that an entry and a URL that
// name the same host compare equal as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ember::fetch {

struct Authority {
    // A host name in lower case ("api.example.com"), or an IP address in its
    // canonical text without brackets ("192.0.2.1", "2001:db8::1").
    std::string host;
    std::optional<std::uint16_t> port;  // 1..65535 when given
    bool host_is_address = false;       // host is an IP literal, not a name
};

// Accepts "name", "name:port", "192.0.2.1", "192.0.2.1:port" and
// "[2001:db8::1]" or "[2001:db8::1]:port". A name is 1..253 characters in
// labels of 1..63 letters, digits and inner hyphens, whose last label
// starts with a letter (so that "127.1" or "0x7f000001", which resolvers
// read as addresses, are not names); non-ASCII names must be given in their
// punycode form ("xn--..."). Throws std::invalid_argument saying what is wrong.
Authority parse_authority(std::string_view text);

}  // namespace ember::fetch
