// Parsing of fetch URLs and redirect locations (see fetch_url.hpp).
#include "fetch/fetch_url.hpp"

#include <stdexcept>

#include "fetch/authority.hpp"

namespace ember::fetch {
namespace {

constexpr std::string_view http_prefix = "http://";
constexpr std::string_view https_prefix = "https://";

[[noreturn]] void reject(const std::string& why) {
    throw std::invalid_argument("URL: " + why);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// Printable ASCII but space: what a request line may carry unencoded.
void check_characters(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f)
            reject("spaces, control characters and non-ASCII bytes must be percent-encoded");
    }
}

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool has_scheme(std::string_view reference) {
    const std::size_t colon = reference.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = reference[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!letter && !(i > 0 && other)) return false;
    }
    return true;
}

std::string without_fragment(std::string_view target) {
    return std::string(target.substr(0, target.find('#')));
}

FetchUrl parse_after_scheme(Scheme scheme, std::string_view rest) {
    const std::size_t end = rest.find_first_of("/?#");
    const std::string_view authority_text = rest.substr(0, end);
    if (authority_text.find('@') != std::string_view::npos) reject("user info is not supported");
    FetchUrl url;
    url.scheme = scheme;
    try {
        const Authority authority = parse_authority(authority_text);
        url.host = authority.host;
        url.host_is_address = authority.host_is_address;
        url.port = authority.port.value_or(default_port(scheme));
    } catch (const std::invalid_argument& e) {
        reject(e.what());
    }
    if (end != std::string_view::npos) {
        const std::string target = without_fragment(rest.substr(end));
        // Built whole rather than insert()ed into: GCC 12 at -O3 reports a
        // false overlap (-Wrestrict, its bug 105329) in std::string's replace.
        if (target.empty() || target.front() != '/') {
            std::string rooted(1, '/');
            rooted.append(target);
            url.target = std::move(rooted);
        } else {
            url.target = target;
        }
    }
    return url;
}

}  // namespace

std::uint16_t default_port(Scheme scheme) {
    return scheme == Scheme::http ? 80 : 443;
}

std::string FetchUrl::host_header() const {
    const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == default_port(scheme) ? name : name + ":" + std::to_string(port);
}

std::string FetchUrl::host_and_port() const {
    const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return name + ":" + std::to_string(port);
}

std::string FetchUrl::origin() const {
    return (scheme == Scheme::http ? "http://" : "https://") + host_header();
}

FetchUrl parse_fetch_url(std::string_view text) {
    check_characters(text);
    if (starts_with_ci(text, http_prefix))
        return parse_after_scheme(Scheme::http, text.substr(http_prefix.size()));
    if (starts_with_ci(text, https_prefix))
        return parse_after_scheme(Scheme::https, text.substr(https_prefix.size()));
    reject("only http:// and https:// URLs are supported");
}

FetchUrl resolve_location(const FetchUrl& base, std::string_view location) {
    check_characters(location);
    if (location.empty()) reject("an empty Location");
    if (location.substr(0, 2) == "//") return parse_after_scheme(base.scheme, location.substr(2));
    if (has_scheme(location)) return parse_fetch_url(location);
    FetchUrl url = base;
    const std::string base_path = base.target.substr(0, base.target.find('?'));
    if (location.front() == '/') {
        url.target = without_fragment(location);
    } else if (location.front() == '#') {
        return base;
    } else if (location.front() == '?') {
        url.target = base_path + without_fragment(location);
    } else {
        url.target = base_path.substr(0, base_path.rfind('/') + 1) + without_fragment(location);
    }
    return url;
}

}  // namespace ember::fetch
