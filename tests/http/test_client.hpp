// A blocking HTTP/1.1 client over plain POSIX sockets, so that the tests
// exercise the server's wire behaviour without compiling Beast themselves.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ember::http::test {

struct TestResponse {
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // names lower-case
    std::string body;

    // The header's value, or "" when absent.
    std::string header(const std::string& lower_name) const;
};

// Every wait is bounded (5 s by default), so a broken server fails a test
// instead of hanging it.
class TestClient {
  public:
    explicit TestClient(uint16_t port);
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    // False when the peer has closed or reset the connection.
    bool send(std::string_view bytes);
    // One response with a Content-Length body; nullopt when the connection
    // ends (or the wait passes) before it is complete.
    std::optional<TestResponse> read_response(
        std::chrono::milliseconds wait = std::chrono::seconds(5));
    // True once the peer closes (EOF or reset) within `wait`; data is discarded.
    bool wait_closed(std::chrono::milliseconds wait = std::chrono::seconds(5));

  private:
    // Appends what arrives before `deadline`; false on EOF, error or timeout.
    bool receive_more(std::chrono::steady_clock::time_point deadline);

    int fd_;
    std::string buffer_;
};

// "GET PATH HTTP/1.1" with a Host header and the given extra header lines.
std::string get(std::string_view path, std::string_view extra_headers = "");
// A POST with a Content-Length body.
std::string post(std::string_view path, std::string_view body);
// True when a TCP connection to 127.0.0.1:port is accepted by the kernel.
bool can_connect(uint16_t port);

}  // namespace ember::http::test
