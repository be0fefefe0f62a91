// Tests of daemon/systemd/systemd_fds.cpp, and of a Server adopting the socket
// it returns (the systemd socket-activation path end to end).
#include "daemon/systemd/systemd_fds.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <system_error>

#include "http/server.hpp"
#include "tests/http/test_client.hpp"
#include "tests/http/test_handler.hpp"

namespace ember::daemon {
using namespace ember::http;
namespace {

using Catch::Matchers::Contains;

void set_listen_env(long pid, const char* fds) {
    ::setenv("LISTEN_PID", std::to_string(pid).c_str(), 1);
    ::setenv("LISTEN_FDS", fds, 1);
    ::setenv("LISTEN_FDNAMES", "http", 1);
}

void clear_listen_env() {
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_FDNAMES");
}

// Lends fd 3 to a test and gives the process its old fd 3 back afterwards.
class Fd3Loan {
  public:
    Fd3Loan() : saved_(::fcntl(3, F_GETFD) >= 0 ? ::fcntl(3, F_DUPFD_CLOEXEC, 10) : -1) {}
    ~Fd3Loan() {
        if (saved_ >= 0) {
            ::dup2(saved_, 3);
            ::close(saved_);
        } else {
            ::close(3);
        }
    }
    Fd3Loan(const Fd3Loan&) = delete;
    Fd3Loan& operator=(const Fd3Loan&) = delete;

  private:
    int saved_;
};

// A socket listening on 127.0.0.1 at a kernel-chosen port.
int listening_socket(uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(fd, 16) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
    return fd;
}

TEST_CASE("systemd_listen_fds: no variables, no sockets", "[systemd]") {
    clear_listen_env();
    CHECK(systemd_listen_fds().empty());
}

TEST_CASE("systemd_listen_fds ignores variables meant for another process", "[systemd]") {
    set_listen_env(::getpid() + 1, "1");
    CHECK(systemd_listen_fds().empty());
    // Not ours, so not ours to unset either.
    CHECK(std::getenv("LISTEN_FDS") != nullptr);
    clear_listen_env();
}

TEST_CASE("systemd_listen_fds rejects malformed variables", "[systemd]") {
    ::setenv("LISTEN_PID", "12x", 1);
    ::setenv("LISTEN_FDS", "1", 1);
    CHECK_THROWS_WITH(systemd_listen_fds(), Contains("LISTEN_PID=12x"));
    set_listen_env(::getpid(), "-1");
    CHECK_THROWS_WITH(systemd_listen_fds(), Contains("LISTEN_FDS=-1"));
    set_listen_env(::getpid(), "100000");
    CHECK_THROWS_WITH(systemd_listen_fds(), Contains("too many"));
    clear_listen_env();
}

TEST_CASE("systemd_listen_fds returns fd 3 and a Server serves on it", "[systemd]") {
    Fd3Loan loan;
    uint16_t port = 0;
    const int fd = listening_socket(port);
    if (fd != listen_fds_start) {  // the socket may already be fd 3
        REQUIRE(::dup2(fd, listen_fds_start) == listen_fds_start);
        ::close(fd);
    }
    set_listen_env(::getpid(), "1");

    const auto fds = systemd_listen_fds();
    REQUIRE(fds == std::vector<int>{3});
    CHECK(std::getenv("LISTEN_PID") == nullptr);
    CHECK(std::getenv("LISTEN_FDS") == nullptr);
    CHECK(std::getenv("LISTEN_FDNAMES") == nullptr);
    CHECK((::fcntl(3, F_GETFD) & FD_CLOEXEC) != 0);

    test::TestHandler handler;
    Server server(ServerConfig{}, handler, fds);
    CHECK(server.port() == port);
    server.start();
    test::TestClient client(port);
    REQUIRE(client.send(test::get("/hello")));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "hello");
}

TEST_CASE("a Server refuses an inherited fd that is not listening", "[systemd]") {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    test::TestHandler handler;
    CHECK_THROWS_WITH(Server(ServerConfig{}, handler, std::vector<int>{fd}),
                      Contains("not a listening TCP socket"));
    ::close(fd);
    CHECK_THROWS_WITH(Server(ServerConfig{}, handler, std::vector<int>{}),
                      Contains("no inherited"));
}

}  // namespace
}  // namespace ember::daemon
