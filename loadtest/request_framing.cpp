// Framing requests for ember-null-server (see request_framing.hpp).
#include "loadtest/request_framing.hpp"

#include <optional>

#include "loadtest/http_head.hpp"

namespace ember::loadtest {
namespace {

RequestFrame invalid() {
    return {RequestFrame::State::invalid, 0, true};
}

}  // namespace

RequestFrame frame_request(std::string_view bytes) {
    const std::optional<std::size_t> end = head_end(bytes);
    if (!end) return bytes.size() > max_request_head ? invalid() : RequestFrame{};
    if (*end > max_request_head) return invalid();
    HeaderLines lines(bytes.substr(0, *end));
    const std::string_view first = lines.first_line();
    if (first.size() < 9 || first.substr(first.size() - 9, 7) != " HTTP/1") return invalid();
    const bool http10 = first.back() == '0';
    bool close = http10;
    uint64_t body = 0;
    while (const std::optional<HeaderLines::Field> field = lines.next()) {
        if (field->name.empty()) return invalid();
        if (iequals(field->name, "content-length")) {
            const std::optional<uint64_t> length = parse_decimal(field->value);
            if (!length || *length > max_request_body) return invalid();
            body = *length;
        } else if (iequals(field->name, "transfer-encoding")) {
            return invalid();
        } else if (iequals(field->name, "connection")) {
            close = has_token(field->value, "close") ||
                    (http10 && !has_token(field->value, "keep-alive"));
        }
    }
    if (body > bytes.size() - *end) return {};
    return {RequestFrame::State::complete, *end + static_cast<std::size_t>(body), close,
            first.starts_with("HEAD ")};
}

}  // namespace ember::loadtest
