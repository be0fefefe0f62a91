// The host[:port] grammar shared by URLs and allowed_hosts (see authority.hpp).
#include "fetch/authority.hpp"

#include <stdexcept>

#include "fetch/ip_address.hpp"

namespace ember::fetch {
namespace {

[[noreturn]] void reject(const std::string& why) {
    throw std::invalid_argument(why);
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::uint16_t parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5) reject("the port must be a number from 1 to 65535");
    unsigned value = 0;
    for (const char c : text) {
        if (!is_digit(c)) reject("the port must be a number from 1 to 65535");
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) reject("the port must be a number from 1 to 65535");
    return static_cast<std::uint16_t>(value);
}

void check_label(std::string_view label) {
    if (label.empty()) reject("the host name has an empty label");
    if (label.size() > 63) reject("a label of the host name is longer than 63 characters");
    if (label.front() == '-' || label.back() == '-')
        reject("a label of the host name starts or ends with '-'");
    for (const char c : label)
        if (!is_letter(c) && !is_digit(c) && c != '-')
            reject(
                "the host name may hold only letters, digits, '-' and '.' (write "
                "international names in punycode, xn--)");
}

std::string canonical_name(std::string_view name) {
    if (name.empty()) reject("no host");
    if (name.size() > 253) reject("the host name is longer than 253 characters");
    std::size_t start = 0;
    std::string_view last;
    while (true) {
        const std::size_t dot = name.find('.', start);
        last = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
        check_label(last);
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (!is_letter(last.front()))
        reject("'" + std::string(name) +
               "' is neither a host name (its last label must start with a letter) nor an IP "
               "address in standard form");
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

}  // namespace

Authority parse_authority(std::string_view text) {
    Authority authority;
    std::string_view host = text;
    std::string_view port;
    bool has_port = false;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) reject("'[' without ']' around the IPv6 address");
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') reject("text after ']' that is not a port");
        has_port = !rest.empty();
        if (has_port) port = rest.substr(1);
        const auto address = IpAddress::parse(host);
        if (!address || address->family != IpAddress::Family::v6)
            reject("'" + std::string(host) + "' in brackets is not an IPv6 address");
        authority.host = address->to_string();
        authority.host_is_address = true;
    } else {
        const std::size_t colon = text.find(':');
        if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos)
            reject("an IPv6 address must be in brackets, as in [2001:db8::1]:443");
        has_port = colon != std::string_view::npos;
        if (has_port) {
            host = text.substr(0, colon);
            port = text.substr(colon + 1);
        }
        if (const auto address = IpAddress::parse(host)) {
            authority.host = address->to_string();
            authority.host_is_address = true;
        } else {
            authority.host = canonical_name(host);
        }
    }
    if (has_port) authority.port = parse_port(port);
    return authority;
}

}  // namespace ember::fetch
