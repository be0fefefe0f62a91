// The `listen` setting, "HOST:PORT", checked once where it enters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember::http {

struct ListenAddress {
    std::string host;   // a numeric IPv4 or IPv6 address, without brackets
    uint16_t port = 0;  // 0: the kernel picks one
};

// Accepts "127.0.0.1:8080", "0.0.0.0:0", "[::1]:8080", "[::]:80" and
// "localhost:8080" (as 127.0.0.1). Throws std::system_error (invalid_argument)
// whose message starts with "listen TEXT: " and says what is wrong.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace ember::http
