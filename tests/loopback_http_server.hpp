// A small HTTP/1.1 server on 127.0.0.1 that a test starts, for tests of
// outbound HTTP: routes answer with fixed replies, slow drips, huge bodies,
// redirects, echoes or broken responses. Plain POSIX sockets (and OpenSSL
// for HTTPS), one thread per connection, one request per connection (it
// closes after answering), so that a test can break HTTP in any way it
// likes without compiling Beast.
//
// Call order: construct (it listens at once), add routes, run the client,
// destroy. Destruction wakes routes that pause, closes every connection and
// joins the threads. requests() may be read from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "tests/test_certificate.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace ember::test {

using LoopbackHeaders = std::vector<std::pair<std::string, std::string>>;

struct LoopbackRequest {
    std::string method;
    std::string target;       // as in the request line: path and query
    LoopbackHeaders headers;  // as received
    std::string body;

    // The first header named `name` (case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;
};

class LoopbackHttpServer;

// The connection a route answers on.
class LoopbackConnection {
  public:
    LoopbackConnection(LoopbackHttpServer& server, int fd, ssl_st* tls)
        : server_(server), fd_(fd), tls_(tls) {}

    // Sends all of `bytes`; false once the client has gone or the server stops.
    bool send(std::string_view bytes);
    // Waits for `pause`, or until the server stops (then false).
    bool pause(std::chrono::milliseconds pause);

  private:
    LoopbackHttpServer& server_;
    int fd_;
    ssl_st* tls_;  // null for plain HTTP
};

using LoopbackRoute = std::function<void(const LoopbackRequest&, LoopbackConnection&)>;

class LoopbackHttpServer {
  public:
    // Plain HTTP.
    LoopbackHttpServer();
    // HTTPS with `identity`. SIGPIPE is ignored from then on in the whole
    // process: OpenSSL writes without MSG_NOSIGNAL.
    explicit LoopbackHttpServer(const TestCertificate& identity);
    ~LoopbackHttpServer();
    LoopbackHttpServer(const LoopbackHttpServer&) = delete;
    LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

    std::uint16_t port() const { return port_; }
    // "127.0.0.1:PORT"
    std::string authority() const;
    // "http://127.0.0.1:PORT" + target, or https://
    std::string url(std::string_view target = "/") const;

    // Serves requests whose path (the target without its query) is `path`.
    // Other paths get 404.
    void route(const std::string& path, LoopbackRoute route);

    // Every request received so far, in order.
    std::vector<LoopbackRequest> requests() const;

  private:
    friend class LoopbackConnection;

    void listen();
    void accept_loop();
    void serve(int fd);
    LoopbackRoute find_route(const std::string& target) const;
    bool stopping() const;

    ssl_ctx_st* tls_context_ = nullptr;  // null for plain HTTP
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable stopped_;
    bool stopping_ = false;
    std::map<std::string, LoopbackRoute> routes_;
    std::vector<LoopbackRequest> requests_;
    std::vector<int> open_fds_;
    std::vector<std::thread> connection_threads_;
    std::thread accept_thread_;
};

// Canned routes.

// `status` with `body` (Content-Length) and `headers`.
LoopbackRoute reply(unsigned status, std::string body, LoopbackHeaders headers = {});
// 200 whose body is the request's body, with headers echo-method,
// echo-target and, for each request header, echo-NAME (name in lower case).
LoopbackRoute echo();
// 200 announcing `body` by Content-Length, then one byte every `every`.
LoopbackRoute drip(std::string body, std::chrono::milliseconds every);
// The status line and headers, then silence for `silence`.
LoopbackRoute stall_after_header(std::chrono::milliseconds silence);
enum class Framing { content_length, chunked, until_close };
// 200 with `bytes` bytes of 'x', framed as asked.
LoopbackRoute huge_body(std::size_t bytes, Framing framing);
// `status` with Location: `location`.
LoopbackRoute redirect(unsigned status, std::string location);
// 200 announcing `announced` bytes by Content-Length, sending `sent`, closing.
LoopbackRoute close_mid_body(std::size_t announced, std::size_t sent);
// `bytes` sent as they are: a response the test writes by hand.
LoopbackRoute raw(std::string bytes);

}  // namespace ember::test
