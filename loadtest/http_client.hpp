// ember-load's connections: keep-alive HTTP/1.1 over non-blocking sockets,
// driven by a worker thread's epoll loop (load_run.cpp), one request in
// flight per connection. Sending is one write of bytes made before the run;
// reading is one read per readiness and a ResponseReader: no allocation
// per request.
//
// Call order on a connection: connect() (optional: send() connects when
// needed), then send(), then on_event() for each epoll event tagged with
// the connection's tag until it returns true; reply() holds the outcome
// until the next send(). A transport error closes the connection; the next
// send() reconnects. Not thread-safe: one thread owns a connection.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "base/url.hpp"
#include "loadtest/http_request.hpp"
#include "loadtest/response_reader.hpp"

namespace ember::loadtest {

// Where every connection of a run connects and what it sends.
class Target {
  public:
    struct Address {
        sockaddr_storage storage;
        socklen_t length;
    };

    // Resolves the host now; throws std::runtime_error if it cannot.
    Target(const Url& url, const RequestSpec& spec);

    const std::vector<Address>& addresses() const { return addresses_; }
    const std::string& request() const { return request_; }
    bool head_request() const { return head_request_; }

  private:
    std::vector<Address> addresses_;
    std::string request_;
    bool head_request_;
};

class HttpConnection {
  public:
    // epoll_fd: the loop this connection registers with while open, its
    // events carrying `tag` in data.u64.
    HttpConnection(const Target& target, int epoll_fd, uint64_t tag);
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Opens the connection, if closed, with a blocking connect; the error
    // text, or empty.
    std::string connect();
    // Starts the request. True when it already ended (a transport error in
    // reply()); false when its response is to be awaited through on_event().
    bool send();
    // Handles the epoll event mask `events`; true when the response is
    // complete or failed (reply() says which).
    bool on_event(uint32_t events);
    const Reply& reply() const {
        return failure_.transport_error.empty() ? reader_.reply() : failure_;
    }

  private:
    bool write_more();
    bool read_some();
    bool fail(std::string why);
    void watch(uint32_t events);

    const Target& target_;
    int epoll_fd_;
    uint64_t tag_;
    UniqueFd fd_;
    uint32_t watched_ = 0;     // the epoll events registered for fd_
    std::size_t written_ = 0;  // bytes of the request sent
    ResponseReader reader_;
    Reply failure_;  // a transport error of this connection (the reader keeps its own)
};

}  // namespace ember::loadtest
