// What the fetcher tests share: a policy allowing the loopback server, and
// a request in one line.
#pragma once

#include <chrono>
#include <string>

#include "fetch/fetch_policy.hpp"
#include "fetch/fetch_request.hpp"
#include "tests/loopback_http_server.hpp"

namespace ember::fetch::test {

// The server's 127.0.0.1:PORT, and `more` entries.
inline FetchPolicy policy_for(const ember::test::LoopbackHttpServer& server,
                              std::vector<std::string> more = {}) {
    more.push_back(server.authority());
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse(more);
    return policy;
}

inline FetchRequest get(std::string url) {
    FetchRequest request;
    request.url = std::move(url);
    return request;
}

// Far enough that only a broken fetch reaches it.
inline std::chrono::steady_clock::time_point far_deadline() {
    return std::chrono::steady_clock::now() + std::chrono::seconds(60);
}

// What a response says for `name`, or "" when it has no such header.
inline std::string header(const FetchResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return "";
}

}  // namespace ember::fetch::test
