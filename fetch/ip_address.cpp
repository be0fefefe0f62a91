// Parsing and printing of numeric addresses (see ip_address.hpp).
#include "fetch/ip_address.hpp"

#include <arpa/inet.h>

namespace ember::fetch {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton wants a C string; a host is never longer than this.
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    const std::string copy(text);
    IpAddress address;
    // glibc's inet_pton takes only the strict dotted quad for AF_INET, unlike
    // inet_aton and getaddrinfo, which also read "127.1" and "0x7f000001".
    if (::inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) return address;
    address.family = Family::v6;
    if (::inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
    return std::nullopt;
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(family == Family::v4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
    return text;
}

}  // namespace ember::fetch
