// A small blocking HTTP/1.1 client over POSIX sockets for the end-to-end
// tests: keep-alive requests, raw bytes for malformed-HTTP tests, and a bound
// on every wait so that a broken daemon fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ember::e2e {

using namespace std::chrono_literals;

struct Response {
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // names lower-case
    std::string body;

    // The header's value, or "" when absent.
    std::string header(const std::string& lower_name) const;
    bool has_header(const std::string& lower_name) const;
    // The body parsed as JSON; a discarded (is_discarded()) value when it is not.
    nlohmann::json json() const;
    // "STATUS BODY" (body cut at 300 bytes), for test messages.
    std::string summary() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// A client failure (connect refused, connection closed, wait passed).
class ClientError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One connection to 127.0.0.1:port at a time, opened on first use and kept
// open between requests (keep-alive) until the server closes it or answers
// with `Connection: close`. Not thread-safe: one client per thread.
class HttpClient {
  public:
    // `timeout` bounds each wait (connect, each send, each read); at most 10 s.
    explicit HttpClient(uint16_t port, std::chrono::milliseconds timeout = 10s);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;
    HttpClient& operator=(HttpClient&& other) noexcept;

    // Sends one request (Host and Content-Length are added) and reads its
    // response. A request on a kept-alive connection the server has closed
    // meanwhile is retried once on a new connection. If the server answers
    // before the body is all sent (413 and the like), sending stops and that
    // answer is returned. Throws ClientError when no response arrives.
    Response request(std::string_view method, std::string_view target, std::string_view body = {},
                     const Headers& headers = {});
    // As request(), but nullopt instead of ClientError.
    std::optional<Response> try_request(std::string_view method, std::string_view target,
                                        std::string_view body = {}, const Headers& headers = {});

    // Raw access, for malformed requests: connects if needed, then writes
    // the bytes as they are. False when the peer has closed or reset.
    bool send_raw(std::string_view bytes);
    // One response (Content-Length or chunked body); nullopt when the
    // connection ends or `wait` passes first.
    std::optional<Response> read_response(std::chrono::milliseconds wait = 10s);
    // True once the peer closes (EOF or reset) within `wait`; data is discarded.
    bool wait_closed(std::chrono::milliseconds wait = 10s);
    // Drops the connection (the next request opens a new one).
    void close();
    bool connected() const { return fd_ >= 0; }
    // How many connections this client has opened: a keep-alive test checks
    // that the silent retry on a new connection did not hide a close.
    std::size_t connections() const { return connections_; }
    uint16_t port() const { return port_; }

  private:
    void connect();
    bool receive_more(std::chrono::steady_clock::time_point deadline);
    // Writes `bytes`; stops early (returning false) when the peer answers
    // or fails. Sets `answered` when response bytes arrived meanwhile.
    bool send_watching(std::string_view bytes, bool& answered);
    std::optional<Response> exchange(const std::string& head, std::string_view body);

    uint16_t port_;
    std::chrono::milliseconds timeout_;
    int fd_ = -1;
    // The server closed or reset the connection (as opposed to not
    // answering in time): only then is a request safe to send again.
    bool peer_closed_ = false;
    std::size_t connections_ = 0;
    std::string buffer_;
};

// A request on a new connection, closed afterwards (throws ClientError).
Response http_request(uint16_t port, std::string_view method, std::string_view target,
                      std::string_view body = {}, const Headers& headers = {},
                      std::chrono::milliseconds timeout = 10s);

// A port on 127.0.0.1 that was free a moment ago (bind to port 0, close).
uint16_t pick_free_port();

}  // namespace ember::e2e
