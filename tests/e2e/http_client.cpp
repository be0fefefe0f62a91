// The end-to-end HTTP client: non-blocking sockets driven by poll() with a
// deadline on every wait, and just enough HTTP/1.1 parsing for the tests.
#include "http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace ember::e2e {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds max_wait = 10s;

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

int millis_until(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

sockaddr_in loopback(uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Parses the status line and headers (without the blank line); nullopt when
// the status line is not HTTP.
std::optional<Response> parse_head(std::string_view head) {
    const auto line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
    Response response;
    for (char c : status_line.substr(9, 3)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        response.status = response.status * 10 + static_cast<unsigned>(c - '0');
    }
    std::string_view rest =
        line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        response.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
    }
    return response;
}

}  // namespace

std::string Response::header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    return found == headers.end() ? std::string() : found->second;
}

bool Response::has_header(const std::string& lower_name) const {
    return headers.contains(lower_name);
}

nlohmann::json Response::json() const {
    return nlohmann::json::parse(body, nullptr, false);
}

std::string Response::summary() const {
    std::string text = std::to_string(status) + " " + body.substr(0, 300);
    if (body.size() > 300) text += "...";
    return text;
}

HttpClient::HttpClient(uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(std::min(timeout, max_wait)) {}

HttpClient::~HttpClient() {
    close();
}

HttpClient::HttpClient(HttpClient&& other) noexcept
    : port_(other.port_),
      timeout_(other.timeout_),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)) {}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
    if (this != &other) {
        close();
        port_ = other.port_;
        timeout_ = other.timeout_;
        fd_ = std::exchange(other.fd_, -1);
        buffer_ = std::move(other.buffer_);
    }
    return *this;
}

void HttpClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

void HttpClient::connect() {
    close();
    peer_closed_ = false;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw ClientError(std::string("socket: ") + std::strerror(errno));
    ++connections_;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const sockaddr_in address = loopback(port_);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        if (errno != EINPROGRESS) {
            const int error = errno;
            ::close(fd);
            throw ClientError("connect to 127.0.0.1:" + std::to_string(port_) + ": " +
                              std::strerror(error));
        }
        pollfd pfd{fd, POLLOUT, 0};
        int error = 0;
        socklen_t length = sizeof error;
        if (::poll(&pfd, 1, static_cast<int>(timeout_.count())) != 1 ||
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
            ::close(fd);
            throw ClientError("connect to 127.0.0.1:" + std::to_string(port_) + ": " +
                              (error ? std::strerror(error) : "timed out"));
        }
    }
    fd_ = fd;
}

bool HttpClient::receive_more(Clock::time_point deadline) {
    if (fd_ < 0) return false;
    for (;;) {
        pollfd pfd{fd_, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, millis_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        char chunk[65536];
        const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got <= 0) {
            peer_closed_ = true;
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(got));
        return true;
    }
}

bool HttpClient::send_watching(std::string_view bytes, bool& answered) {
    answered = false;
    const auto deadline = Clock::now() + timeout_;
    while (!bytes.empty()) {
        pollfd pfd{fd_, POLLOUT | POLLIN, 0};
        const int ready = ::poll(&pfd, 1, millis_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        if (pfd.revents & POLLIN) {
            // The server answered early (an error before the whole body).
            answered = true;
            return false;
        }
        if (pfd.revents & (POLLERR | POLLHUP)) {
            peer_closed_ = true;
            return false;
        }
        const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (sent <= 0) {
            peer_closed_ = true;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

bool HttpClient::send_raw(std::string_view bytes) {
    if (fd_ < 0) connect();
    bool answered = false;
    const bool sent = send_watching(bytes, answered);
    return sent || answered;
}

std::optional<Response> HttpClient::read_response(std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!receive_more(deadline)) return std::nullopt;
    }
    std::optional<Response> response = parse_head(std::string_view(buffer_).substr(0, head_end));
    if (!response) return std::nullopt;
    std::size_t position = head_end + 4;
    if (lower(response->header("transfer-encoding")).find("chunked") != std::string::npos) {
        for (;;) {
            std::size_t line_end;
            while ((line_end = buffer_.find("\r\n", position)) == std::string::npos) {
                if (!receive_more(deadline)) return std::nullopt;
            }
            const std::size_t size =
                std::stoul(buffer_.substr(position, line_end - position), nullptr, 16);
            const std::size_t chunk_end = line_end + 2 + size + 2;
            while (buffer_.size() < chunk_end) {
                if (!receive_more(deadline)) return std::nullopt;
            }
            response->body.append(buffer_, line_end + 2, size);
            position = chunk_end;
            if (size == 0) break;  // (trailers are not used by emberd)
        }
    } else {
        const std::string length_text = response->header("content-length");
        const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
        while (buffer_.size() < position + length) {
            if (!receive_more(deadline)) return std::nullopt;
        }
        response->body = buffer_.substr(position, length);
        position += length;
    }
    buffer_.erase(0, position);
    return response;
}

bool HttpClient::wait_closed(std::chrono::milliseconds wait) {
    if (fd_ < 0) return true;
    const auto deadline = Clock::now() + std::min(wait, max_wait);
    for (;;) {
        pollfd pfd{fd_, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, millis_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        char chunk[4096];
        const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got <= 0) {
            close();
            return true;
        }
    }
}

std::optional<Response> HttpClient::exchange(const std::string& head, std::string_view body) {
    bool answered = false;
    if (!send_watching(head, answered) && !answered) return std::nullopt;
    if (!answered && !body.empty() && !send_watching(body, answered) && !answered) {
        return std::nullopt;
    }
    std::optional<Response> response = read_response(timeout_);
    if (!response) return std::nullopt;
    // A server that answered early closes afterwards; so does one that says so.
    if (answered || lower(response->header("connection")) == "close") close();
    return response;
}

Response HttpClient::request(std::string_view method, std::string_view target,
                             std::string_view body, const Headers& headers) {
    std::string head = std::string(method) + " " + std::string(target) +
                       " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n";
    bool has_length = false;
    for (const auto& [name, value] : headers) {
        head += name + ": " + value + "\r\n";
        if (lower(name) == "content-length") has_length = true;
    }
    if (!has_length && (!body.empty() || method == "POST" || method == "PUT")) {
        head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    head += "\r\n";

    // A reused connection may have been closed by the server meanwhile (idle
    // timeout): then, and only then, try once more on a new one. Never after
    // a timeout: the server may still act on the first request (a deploy
    // sent twice would make a version nobody asked for).
    const bool reused = fd_ >= 0;
    if (!reused) connect();
    std::optional<Response> response = exchange(head, body);
    if (!response && reused && peer_closed_ && buffer_.empty()) {
        connect();
        response = exchange(head, body);
    }
    if (!response) {
        close();
        throw ClientError(std::string(method) + " " + std::string(target) +
                          ": no complete response from 127.0.0.1:" + std::to_string(port_));
    }
    return *response;
}

std::optional<Response> HttpClient::try_request(std::string_view method, std::string_view target,
                                                std::string_view body, const Headers& headers) {
    try {
        return request(method, target, body, headers);
    } catch (const ClientError&) {
        return std::nullopt;
    }
}

Response http_request(uint16_t port, std::string_view method, std::string_view target,
                      std::string_view body, const Headers& headers,
                      std::chrono::milliseconds timeout) {
    HttpClient client(port, timeout);
    return client.request(method, target, body, headers);
}

uint16_t pick_free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::system_category(), "socket");
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::system_error(error, std::system_category(), "bind 127.0.0.1:0");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace ember::e2e
