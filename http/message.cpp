// Lookups on Request and the one constructor of error responses.
#include "http/message.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace ember::http {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace

const std::string* Request::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_case(key, name)) return &value;
    }
    return nullptr;
}

const std::string* Request::query_param(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) return &value;
    }
    return nullptr;
}

Response json_error(unsigned status, std::string_view code, std::string_view message) {
    const nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    // replace: a message echoing client bytes may hold invalid UTF-8, and an
    // error reply must never throw.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace ember::http
