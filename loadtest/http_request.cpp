// ember-load's request as bytes (see http_request.hpp).
#include "loadtest/http_request.hpp"

namespace ember::loadtest {

std::string format_request(const Url& url, const RequestSpec& spec) {
    std::string out = spec.method + " " + url.target + " HTTP/1.1\r\nHost: " + url.host_header() +
                      "\r\nUser-Agent: ember-load\r\n";
    for (const auto& [name, value] : spec.headers)
        out += name + ": " + value + "\r\n";
    const bool carries_body =
        spec.method == "POST" || spec.method == "PUT" || spec.method == "PATCH";
    if (!spec.body.empty() || carries_body)
        out += "Content-Length: " + std::to_string(spec.body.size()) + "\r\n";
    return out + "\r\n" + spec.body;
}

}  // namespace ember::loadtest
