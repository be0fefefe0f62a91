// The POSIX-socket test client: connect, write, and parse just enough HTTP.
#include "tests/http/test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace ember::http::test {
namespace {

using Clock = std::chrono::steady_clock;

int connect_to(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::system_category(), "socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::system_error(error, std::system_category(), "connect");
    }
    return fd;
}

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Parses the status line and headers of `head` (without the blank line).
TestResponse parse_head(std::string_view head) {
    TestResponse response;
    const auto line_end = head.find("\r\n");
    const auto status_line = head.substr(0, line_end);
    response.status = static_cast<unsigned>(std::stoul(std::string(status_line.substr(9, 3))));
    auto rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const auto line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
        const auto colon = line.find(':');
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        response.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
    }
    return response;
}

}  // namespace

std::string TestResponse::header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    return found == headers.end() ? std::string() : found->second;
}

TestClient::TestClient(uint16_t port) : fd_(connect_to(port)) {}

TestClient::~TestClient() {
    ::close(fd_);
}

bool TestClient::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

bool TestClient::receive_more(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
}

std::optional<TestResponse> TestClient::read_response(std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!receive_more(deadline)) return std::nullopt;
    }
    TestResponse response = parse_head(std::string_view(buffer_).substr(0, head_end));
    const auto length_text = response.header("content-length");
    const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
    const std::size_t total = head_end + 4 + length;
    while (buffer_.size() < total) {
        if (!receive_more(deadline)) return std::nullopt;
    }
    response.body = buffer_.substr(head_end + 4, length);
    buffer_.erase(0, total);
    return response;
}

bool TestClient::wait_closed(std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[4096];
        if (::recv(fd_, chunk, sizeof chunk, 0) <= 0) return true;
    }
}

std::string get(std::string_view path, std::string_view extra_headers) {
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
           "\r\n";
}

std::string post(std::string_view path, std::string_view body) {
    return "POST " + std::string(path) +
           " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + std::string(body);
}

bool can_connect(uint16_t port) {
    try {
        ::close(connect_to(port));
        return true;
    } catch (const std::system_error&) {
        return false;
    }
}

}  // namespace ember::http::test
