// The interface between the HTTP server and the daemon's routes: the server
// parses and limits requests, a Handler decides what they mean.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "http/message.hpp"

namespace ember::http {

// Completes one request. Safe to call from any thread, and at most once
// matters: the first call is sent, later calls are ignored. If every copy is
// destroyed without a call, the client gets 500 {"code":"internal"}.
using Respond = std::function<void(Response)>;

// Call order per request, all on the connection's I/O thread:
//   refuse(head)       once the header is parsed (head.body is empty);
//   body_limit(head)   unless it refused;
//   handle(request)    once the body is read within that limit.
// Both must return quickly: they run on an I/O thread, so anything slow (an
// invocation, disk I/O) is handed to another thread, which calls `respond`.
// A handler that throws gets 500 {"code":"internal"} sent in its place.
// The Handler must outlive the Server that uses it.
class Handler {
  public:
    static constexpr std::size_t default_body_limit = 1024 * 1024;

    virtual ~Handler() = default;

    virtual void handle(Request request, Respond respond) = 0;

    // An answer for a request that its head already condemns (no route, no
    // right to it): sent without reading the body, and the connection is
    // closed, so that a stranger cannot make the server buffer bodies.
    virtual std::optional<Response> refuse(const Request& /*head*/) { return std::nullopt; }

    // The largest body accepted for this request (method, path, query and
    // headers are filled in). A bigger body is answered 413
    // {"code":"payload_too_large"} without calling handle().
    virtual std::size_t body_limit(const Request& /*head*/) const { return default_body_limit; }
};

}  // namespace ember::http
