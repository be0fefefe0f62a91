// Heads of HTTP/1.1 messages (see http_head.hpp).
#include "loadtest/http_head.hpp"

#include <algorithm>

namespace ember::loadtest {
namespace {

constexpr std::string_view crlf = "\r\n";

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

// Splits off the text before `separator` (all of it when there is none).
std::string_view take_until(std::string_view& text, std::string_view separator) {
    const std::size_t at = text.find(separator);
    const std::string_view taken = text.substr(0, at);
    text = at == std::string_view::npos ? std::string_view{} : text.substr(at + separator.size());
    return taken;
}

}  // namespace

std::optional<std::size_t> head_end(std::string_view bytes, std::size_t from) {
    const std::size_t at = bytes.find("\r\n\r\n", std::min(from, bytes.size()));
    if (at == std::string_view::npos) return std::nullopt;
    return at + 4;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty())
        if (iequals(trim(take_until(value, ",")), token)) return true;
    return false;
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value;
}

HeaderLines::HeaderLines(std::string_view head) : rest_(head) {
    first_line_ = take_until(rest_, crlf);
}

std::optional<HeaderLines::Field> HeaderLines::next() {
    const std::string_view line = take_until(rest_, crlf);
    if (line.empty()) return std::nullopt;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Field{{}, line};
    return Field{line.substr(0, colon), trim(line.substr(colon + 1))};
}

}  // namespace ember::loadtest
