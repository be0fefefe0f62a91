// FetchRequest: what a guest asks to send, and the checks it must pass
// before anything leaves the host.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::fetch {

enum class FetchMethod { get, post, put, del };

// "GET", "POST", "PUT" or "DELETE" (HTTP methods are case-sensitive);
// nullopt for any other.
std::optional<FetchMethod> parse_method(std::string_view text);
std::string_view to_string(FetchMethod method);

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct FetchRequest {
    FetchMethod method = FetchMethod::get;
    std::string url;       // see parse_fetch_url
    HeaderFields headers;  // sent in this order, after Host
    std::string body;      // sent with a Content-Length, when not empty
};

inline constexpr std::size_t max_request_headers = 100;
// Names and values together.
inline constexpr std::size_t max_request_header_bytes = 64 * 1024;

// Names are HTTP tokens; values hold no CR, LF, NUL or other control
// character but tab. Host, Content-Length, Transfer-Encoding, Connection,
// Keep-Alive, Upgrade, TE, Trailer, Expect and Proxy-Connection are
// refused: the fetch sets the framing and the connection itself. Throws
// std::invalid_argument naming the header by its name only: values may be
// secrets (an Authorization token) and never appear in a message.
void check_request_headers(const HeaderFields& headers);

}  // namespace ember::fetch
