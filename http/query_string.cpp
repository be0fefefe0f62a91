// Percent-decoding and query splitting; no allocation beyond the results.
#include "http/query_string.hpp"

namespace ember::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One "name=value" pair; a pair without '=' has an empty value.
std::optional<std::pair<std::string, std::string>> parse_pair(std::string_view pair) {
    const auto equals = pair.find('=');
    const auto name = pair.substr(0, equals);
    const auto value =
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    auto decoded_name = percent_decode(name, true);
    auto decoded_value = percent_decode(value, true);
    if (!decoded_name || !decoded_value) return std::nullopt;
    return std::pair{std::move(*decoded_name), std::move(*decoded_value)};
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

std::optional<Fields> parse_query(std::string_view query) {
    Fields fields;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto parsed = parse_pair(pair);
        if (!parsed) return std::nullopt;
        fields.push_back(std::move(*parsed));
    }
    return fields;
}

std::optional<Target> parse_target(std::string_view target) {
    if (target.empty() || target.front() != '/') return std::nullopt;
    const auto question = target.find('?');
    Target out;
    out.path = std::string(target.substr(0, question));
    if (question == std::string_view::npos) return out;
    auto query = parse_query(target.substr(question + 1));
    if (!query) return std::nullopt;
    out.query = std::move(*query);
    return out;
}

}  // namespace ember::http
