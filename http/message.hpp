// The HTTP request and response as the rest of the daemon sees them: plain
// values, free of Beast, so that routing and handlers are pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

// One parsed request. The session validates it before a handler sees it:
// `path` starts with '/', and the query is well-formed.
struct Request {
    std::string method;  // as sent, e.g. "GET"
    std::string target;  // the raw request target, e.g. "/v1/f/echo/invoke?handler=up"
    std::string path;    // target up to '?', not percent-decoded
    Fields query;        // name/value pairs in order, percent-decoded, '+' as space
    Fields headers;      // in order; names lower-case, values as sent
    std::string body;    // empty while a handler decides the body limit
    std::string remote;  // peer address, "127.0.0.1:40312" or "[::1]:40312"
    std::chrono::steady_clock::time_point received;  // when its first byte was read

    // The first header named `name` (any case), or nullptr.
    const std::string* header(std::string_view name) const;
    // The first query parameter named `name` (exact match), or nullptr.
    const std::string* query_param(std::string_view name) const;
};

// What a handler answers. The session adds Content-Length, Server, Date and
// Connection itself; a handler's own values for those are ignored.
struct Response {
    unsigned status = 200;
    Fields headers;
    std::string body;
};

// An error response in the shape docs/api.md fixes for every error:
// {"error":{"code":CODE,"message":MESSAGE}} with Content-Type application/json.
Response json_error(unsigned status, std::string_view code, std::string_view message);

}  // namespace ember::http
