// One persistent (keep-alive) HTTP/1.1 client connection that sends the same
// request again and again, blocking: one connection per thread.
//
// Beast stays inside http_client.cpp; this header is Beast-free so that the
// rest of the load generator compiles quickly.
#pragma once

#include <memory>
#include <optional>
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

// What one round trip produced: a response, or a transport error (connect,
// write or read failed; the connection is closed and the next call reconnects).
struct Reply {
    std::string transport_error;  // empty when a response arrived
    unsigned status = 0;
    std::optional<double> sandbox_us;                           // X-Ember-Duration-Us, when present
    bool cold_start = false;                                    // X-Ember-Cold-Start: true
    std::vector<std::pair<std::string, double>> server_timing;  // name, µs

    static Reply failed(std::string why) {
        Reply reply;
        reply.transport_error = std::move(why);
        return reply;
    }
    bool transported() const { return transport_error.empty(); }
    bool ok() const { return transported() && status >= 200 && status < 300; }
};

class HttpConnection {
  public:
    // Resolves the host now (throws std::runtime_error if it cannot); does
    // not connect yet.
    HttpConnection(const Url& url, const RequestSpec& spec);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Opens the connection if it is not open; the error text, or empty.
    std::string connect();
    // Sends the request and reads the whole response.
    Reply round_trip();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ember::loadtest
