// Driving the REST API in process, over fake versions (no /dev/kvm): send a
// request to the ApiHandler and wait for its replies.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "tests/daemon/fake_daemon.hpp"

namespace ember::daemon::test {

// Collects replies, which arrive on executor or pool threads.
class Replies {
  public:
    http::Respond collector() {
        return [this](http::Response response) {
            std::lock_guard lock(mutex_);
            replies_.push_back(std::move(response));
            changed_.notify_all();
        };
    }
    std::vector<http::Response> wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        REQUIRE(changed_.wait_for(lock, std::chrono::seconds(30),
                                  [&] { return replies_.size() >= count; }));
        return replies_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<http::Response> replies_;
};

struct Fixture : FakeDaemon {
    Fixture() = default;
    explicit Fixture(DaemonConfig initial) : FakeDaemon(std::move(initial)) {}

    // `target` may carry a query string; `headers` are lower-case names.
    void send(const std::string& method, const std::string& target, Replies& replies,
              std::string body = "input", http::Fields headers = {}) {
        http::Request request;
        request.method = method;
        request.target = target;
        const auto query = target.find('?');
        request.path = target.substr(0, query);
        if (query != std::string::npos) {
            std::string_view rest = std::string_view(target).substr(query + 1);
            while (!rest.empty()) {
                const auto amp = rest.find('&');
                const std::string_view pair = rest.substr(0, amp);
                const auto eq = pair.find('=');
                request.query.emplace_back(std::string(pair.substr(0, eq)),
                                           eq == std::string_view::npos
                                               ? std::string()
                                               : std::string(pair.substr(eq + 1)));
                if (amp == std::string_view::npos) break;
                rest.remove_prefix(amp + 1);
            }
        }
        request.headers = std::move(headers);
        request.headers.emplace_back("host", "127.0.0.1");
        request.body = body;
        api.handle(std::move(request), replies.collector());
    }
    // PUT /v1/functions/NAME?QUERY with the fake binary "v1".
    http::Response deploy(const std::string& name, const http::Fields& query) {
        std::string target = "/v1/functions/" + name;
        for (std::size_t i = 0; i < query.size(); ++i)
            target += (i == 0 ? "?" : "&") + query[i].first + "=" + query[i].second;
        Replies replies;
        send("PUT", target, replies, "v1");
        return replies.wait_for(1).at(0);
    }
    http::Response invoke(const std::string& name) {
        Replies replies;
        send("POST", "/v1/functions/" + name + "/invoke", replies);
        return replies.wait_for(1).at(0);
    }
    http::Response get(const std::string& path) {
        Replies replies;
        send("GET", path, replies);
        return replies.wait_for(1).at(0);
    }
};

// The value of the reply's header `name` (exact case), or "".
inline std::string header(const http::Response& response, std::string_view name) {
    for (const auto& [n, v] : response.headers)
        if (n == name) return v;
    return {};
}

}  // namespace ember::daemon::test
