// Parsing of "HOST:PORT" without a resolver: the daemon binds numeric
// addresses only, so a typo fails at start-up instead of resolving oddly.
#include "http/listen_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>

namespace ember::http {
namespace {

[[noreturn]] void fail(std::string_view why) {
    throw std::invalid_argument(std::string(why));
}

bool is_numeric_address(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

uint16_t parse_port(std::string_view port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535)
        fail("port must be a number from 0 to 65535");
    return static_cast<uint16_t>(value);
}

// Splits at the last ':' outside brackets; "[::1]:80" -> "::1", "80".
std::pair<std::string, std::string_view> split(std::string_view text) {
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos || text.substr(close + 1, 1) != ":")
            fail("expected [IPV6]:PORT");
        return {std::string(text.substr(1, close - 1)), text.substr(close + 2)};
    }
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) fail("expected HOST:PORT");
    const auto host = text.substr(0, colon);
    if (host.find(':') != std::string_view::npos) fail("write IPv6 hosts as [HOST]:PORT");
    return {std::string(host), text.substr(colon + 1)};
}

}  // namespace

ListenAddress parse_listen_address(std::string_view text) {
    auto [host, port] = split(text);
    if (host == "localhost") host = "127.0.0.1";
    if (!is_numeric_address(host)) fail("host must be a numeric IP address or localhost");
    return ListenAddress{host, parse_port(port)};
}

}  // namespace ember::http
