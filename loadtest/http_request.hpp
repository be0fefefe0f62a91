// The request ember-load sends on every connection, again and again: made
// into bytes once, before the run, so that sending it costs one write.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/url.hpp"

namespace ember::loadtest {

struct RequestSpec {
    std::string method = "GET";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // sent in this order
};

// The whole HTTP/1.1 request: request line, Host, User-Agent, the spec's
// headers, Content-Length when there is a body or the method carries one
// (POST, PUT, PATCH), and the body.
std::string format_request(const Url& url, const RequestSpec& spec);

}  // namespace ember::loadtest
