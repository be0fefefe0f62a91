// The methods and the header checks of a fetch request (see fetch_request.hpp).
#include "fetch/fetch_request.hpp"

#include <array>
#include <stdexcept>

#include "base/printable.hpp"

namespace ember::fetch {
namespace {

constexpr std::array<std::string_view, 10> reserved_headers = {
    "host",    "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
    "trailer", "expect",         "proxy-connection"};

bool is_token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

void check_header(const std::string& name, const std::string& value) {
    if (name.empty()) throw std::invalid_argument("a request header has an empty name");
    for (const char c : name)
        if (!is_token_char(c))
            throw std::invalid_argument("request header name \"" + printable(name.substr(0, 100)) +
                                        "\" is not an HTTP token");
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f)
            throw std::invalid_argument("request header " + name +
                                        " has a control character (CR, LF, NUL...) in its value");
    }
    const std::string lower_name = lower(name);
    for (const std::string_view reserved : reserved_headers)
        if (lower_name == reserved)
            throw std::invalid_argument("request header " + name +
                                        " is set by the fetch itself and may not be given");
}

}  // namespace

std::optional<FetchMethod> parse_method(std::string_view text) {
    if (text == "GET") return FetchMethod::get;
    if (text == "POST") return FetchMethod::post;
    if (text == "PUT") return FetchMethod::put;
    if (text == "DELETE") return FetchMethod::del;
    return std::nullopt;
}

std::string_view to_string(FetchMethod method) {
    switch (method) {
        case FetchMethod::get:
            return "GET";
        case FetchMethod::post:
            return "POST";
        case FetchMethod::put:
            return "PUT";
        case FetchMethod::del:
            return "DELETE";
    }
    return "GET";
}

void check_request_headers(const HeaderFields& headers) {
    if (headers.size() > max_request_headers)
        throw std::invalid_argument("more than " + std::to_string(max_request_headers) +
                                    " request headers");
    std::size_t bytes = 0;
    for (const auto& [name, value] : headers) {
        check_header(name, value);
        bytes += name.size() + value.size();
    }
    if (bytes > max_request_header_bytes)
        throw std::invalid_argument("the request headers take more than " +
                                    std::to_string(max_request_header_bytes) + " bytes");
}

}  // namespace ember::fetch
