// Parsing of http:// URLs (see url.hpp).
#include "base/url.hpp"

#include <algorithm>
#include <stdexcept>

namespace ember {
namespace {

constexpr std::string_view scheme = "http://";

[[noreturn]] void reject(std::string_view text, const std::string& why) {
    throw std::invalid_argument("URL '" + std::string(text) + "': " + why);
}

bool is_port(std::string_view port) {
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return std::stoul(std::string(port)) <= 65535;
}

// "[::1]:8080", "127.0.0.1:8080", "localhost": the colon of an IPv6
// address is inside the brackets, the port's after them.
void split_authority(std::string_view text, std::string_view authority, Url& url) {
    const std::size_t bracket = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    url.host = std::string(has_port ? authority.substr(0, colon) : authority);
    if (has_port) url.port = std::string(authority.substr(colon + 1));
    if (url.host.size() >= 2 && url.host.front() == '[' && url.host.back() == ']')
        url.host = url.host.substr(1, url.host.size() - 2);
    if (url.host.empty()) reject(text, "no host");
    if (!is_port(url.port)) reject(text, "the port must be a number from 0 to 65535");
}

}  // namespace

std::string Url::host_header() const {
    const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == "80" ? name : name + ":" + port;
}

Url parse_url(std::string_view text) {
    if (text.substr(0, scheme.size()) != scheme) reject(text, "only http:// URLs are supported");
    const std::string_view rest = text.substr(scheme.size());
    const std::size_t slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    if (authority.find('@') != std::string_view::npos) reject(text, "user info is not supported");
    Url url;
    split_authority(text, authority, url);
    if (slash != std::string_view::npos) url.target = std::string(rest.substr(slash));
    if (url.target.find('#') != std::string::npos) reject(text, "fragments are not supported");
    return url;
}

}  // namespace ember
