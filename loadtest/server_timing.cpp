// Server-Timing parsing (see server_timing.hpp).
#include "loadtest/server_timing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ember::loadtest {
namespace {

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

// Splits off the text before `separator` (all of it when there is none).
std::string_view take_until(std::string_view& text, char separator) {
    const std::size_t at = text.find(separator);
    const std::string_view head = text.substr(0, at);
    text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
    return head;
}

bool is_identifier(std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    return true;
}

// Parameter names are case-insensitive.
bool is_dur(std::string_view name) {
    constexpr std::string_view dur = "dur";
    return std::equal(name.begin(), name.end(), dur.begin(), dur.end(), [](char given, char want) {
        return std::tolower(static_cast<unsigned char>(given)) == want;
    });
}

}  // namespace

void parse_server_timing(std::string_view header,
                         std::vector<std::pair<std::string, double>>& metrics) {
    while (!header.empty()) {
        std::string_view metric = take_until(header, ',');
        const std::string_view name = trim(take_until(metric, ';'));
        while (!metric.empty()) {
            std::string_view value = trim(take_until(metric, ';'));
            if (!is_dur(trim(take_until(value, '=')))) continue;
            value = trim(value);
            double ms = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
            if (ec == std::errc() && end == value.data() + value.size() && ms >= 0 &&
                is_identifier(name))
                metrics.emplace_back(std::string(name), ms * 1000.0);
            break;
        }
    }
}

}  // namespace ember::loadtest
