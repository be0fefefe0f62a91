// Parsing a response head and its Content-Length body (see wire_response.hpp).
#include "loadtest/wire_response.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace ember::loadtest {
namespace {

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::size_t decimal(std::string_view text, std::string_view what) {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw std::runtime_error("bad " + std::string(what) + ": " + std::string(text));
    return value;
}

unsigned status_of(std::string_view line) {
    if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        throw std::runtime_error("not an HTTP/1.x status line: " + std::string(line.substr(0, 40)));
    return static_cast<unsigned>(decimal(line.substr(9, 3), "status"));
}

}  // namespace

std::optional<WireResponse> parse_response(std::string_view received) {
    const std::size_t head_end = received.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
        // A status line that cannot be one is an error now, not after more bytes.
        if (received.size() >= 5 && !received.starts_with("HTTP/"))
            throw std::runtime_error("not an HTTP response");
        return std::nullopt;
    }
    const std::string_view head = received.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    WireResponse response;
    response.status = status_of(head.substr(0, line_end));
    std::optional<std::size_t> content_length;
    while (line_end != std::string_view::npos) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string_view line = head.substr(start, line_end - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) throw std::runtime_error("header without a colon");
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trimmed(line.substr(colon + 1));
        if (iequal(name, "content-length")) content_length = decimal(value, "Content-Length");
        if (iequal(name, "transfer-encoding"))
            throw std::runtime_error("chunked replies are not supported");
        if (iequal(name, "connection") && iequal(value, "close")) response.close = true;
    }
    if (!content_length) throw std::runtime_error("a response without Content-Length");
    const std::size_t body_start = head_end + 4;
    if (received.size() - body_start < *content_length) return std::nullopt;
    response.body = std::string(received.substr(body_start, *content_length));
    response.length = body_start + *content_length;
    return response;
}

}  // namespace ember::loadtest
