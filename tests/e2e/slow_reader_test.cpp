// End-to-end: a client that stops reading its reply holds neither an
// executor thread nor a sandbox: the reply is the I/O side's to write once
// the call has handed it over.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/eventually.hpp"

namespace ember::e2e {
namespace {

constexpr std::size_t reply_bytes = 16u << 20;

// A connection whose receive buffer is as small as the kernel allows, so
// that nearly all of a large reply has to wait on emberd's side until the
// client reads.
class StalledReader {
  public:
    explicit StalledReader(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        REQUIRE(fd_ >= 0);
        const int small = 4096;
        REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~StalledReader() { ::close(fd_); }
    StalledReader(const StalledReader&) = delete;
    StalledReader& operator=(const StalledReader&) = delete;

    // Sends the whole request (emberd reads it all before it runs the
    // call), then reads nothing.
    void send(const std::string& request) {
        for (std::size_t sent = 0; sent < request.size();) {
            const ssize_t n =
                ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            REQUIRE(n > 0);
            sent += static_cast<std::size_t>(n);
        }
    }

    // Reads until the peer closes (the reply says Connection: close).
    std::string read_all() {
        timeval wait{30, 0};
        REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == 0);
        std::string bytes;
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return bytes;
            bytes.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    int fd_;
};

// ember_invocations_total{function="echo",outcome="ok"}: calls counted
// before their replies are handed over.
long long echo_calls_answered(HttpClient& client) {
    const std::string metrics = client.request("GET", "/metrics").body;
    const std::string series = "ember_invocations_total{function=\"echo\",outcome=\"ok\"} ";
    const auto at = metrics.find(series);
    return at == std::string::npos ? -1 : std::stoll(metrics.substr(at + series.size()));
}

std::string invoke_request(const std::string& body) {
    return "POST /v1/functions/echo/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_CASE("clients that stop reading large replies hold no executor thread", "[kvm][e2e]") {
    // A write may stall for read_timeout_ms: long enough for a slow machine.
    Daemon daemon({.config = {{"executor_threads", 1},
                              {"max_input_bytes", reply_bytes},
                              {"max_output_bytes", reply_bytes},
                              {"read_timeout_ms", 300000}},
                   .log_level = "info"});
    // Proof only if a reply cannot sit whole in emberd's socket buffer.
    std::size_t wmem_min = 0, wmem_default = 0, wmem_max = 0;
    std::ifstream("/proc/sys/net/ipv4/tcp_wmem") >> wmem_min >> wmem_default >> wmem_max;
    REQUIRE(wmem_max > 0);
    REQUIRE(wmem_max < reply_bytes / 2);
    HttpClient admin = daemon.client();
    // Copying 16 MiB in and out may take longer than the default second
    // on a slow (emulated) machine; the test is about threads, not speed.
    deploy_ok(admin, "echo", "echo", "memory_mb=64&pool_min=2&timeout_ms=60000");

    std::string body(reply_bytes, 'x');
    for (std::size_t i = 0; i < body.size(); i += 4096)
        body[i] = static_cast<char>('a' + (i / 4096) % 26);
    StalledReader first(daemon.port());
    StalledReader second(daemon.port());
    first.send(invoke_request(body));
    second.send(invoke_request(body));

    // Both calls have run and given their sandboxes back, their replies
    // (16 MiB each, far more than the sockets hold) unread ...
    REQUIRE(ember::test::eventually([&] { return echo_calls_answered(admin) == 2; }, 60s));
    CHECK(wait_until_busy(admin, "echo", 0));
    // ... and the one executor thread serves everyone else.
    for (int i = 0; i < 50; ++i) {
        const std::string input = "meanwhile " + std::to_string(i);
        const Response response = invoke(admin, "echo", input);
        INFO(response.summary());
        REQUIRE(response.status == 200);
        REQUIRE(response.body == input);
    }

    // The stalled replies are still whole once their clients read them.
    for (StalledReader* reader : {&first, &second}) {
        const std::string reply = reader->read_all();
        REQUIRE(reply.starts_with("HTTP/1.1 200"));
        const auto head_end = reply.find("\r\n\r\n");
        REQUIRE(head_end != std::string::npos);
        CHECK(reply.size() - head_end - 4 == body.size());
        CHECK(reply.compare(head_end + 4, std::string::npos, body) == 0);
    }
}

}  // namespace
}  // namespace ember::e2e
