// A stand-in for emberd in the client's tests: a real http::Server on
// 127.0.0.1 that answers each request from replies the test sets, and keeps
// every request it got, so a test can check what `ember` sent and how it
// shows what came back, without KVM and before the daemon has every route.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace ember::cli::test {

class FakeEmberd : public http::Handler {
  public:
    // Listens on an ephemeral port and serves at once.
    FakeEmberd();
    ~FakeEmberd() override;

    // Answers METHOD TARGET (the request target with its query, exactly as
    // sent) with `response`; any other request gets 404 not_found.
    void on(const std::string& method, const std::string& target, http::Response response);

    // "http://127.0.0.1:PORT".
    std::string url() const;
    // The requests so far, in arrival order.
    std::vector<http::Request> requests() const;
    // The only request so far; REQUIREs that there was exactly one.
    http::Request only_request() const;

    void handle(http::Request request, http::Respond respond) override;
    std::size_t body_limit(const http::Request& head) const override;

  private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, http::Response> replies_;
    std::vector<http::Request> requests_;
    std::unique_ptr<http::Server> server_;  // last: stopped before the rest goes
};

// A JSON reply with Content-Type application/json.
http::Response json_reply(unsigned status, const std::string& body);

}  // namespace ember::cli::test
