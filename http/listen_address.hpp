// The `listen` setting, "HOST:PORT", checked once where it enters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember::http {

struct ListenAddress {
    std::string host;   // a numeric IPv4 or IPv6 address, without brackets
    uint16_t port = 0;  // 0: the kernel picks one

    bool operator==(const ListenAddress&) const = default;
};

// Accepts "127.0.0.1:8080", "0.0.0.0:0", "[::1]:8080", "[::]:80" and
// "localhost:8080" (as 127.0.0.1). Throws std::invalid_argument saying what
// is wrong ("port must be a number from 0 to 65535"); the caller names the
// setting and the text.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace ember::http
