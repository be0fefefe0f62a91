// Non-blocking TCP client sockets (see tcp_socket.hpp).
#include "loadtest/tcp_socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ember::loadtest {

Endpoint resolve(const Url& url) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found);
    if (rc != 0 || found == nullptr)
        throw std::runtime_error("cannot resolve " + url.host + ":" + url.port + ": " +
                                 ::gai_strerror(rc));
    Endpoint endpoint;
    std::memcpy(&endpoint.address, found->ai_addr, found->ai_addrlen);
    endpoint.length = found->ai_addrlen;
    ::freeaddrinfo(found);
    return endpoint;
}

TcpSocket::TcpSocket(TcpSocket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

TcpSocket& TcpSocket::operator=(TcpSocket&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

std::optional<TcpSocket> TcpSocket::connect(const Endpoint& to, std::chrono::milliseconds timeout,
                                            std::string& error, int receive_buffer) {
    TcpSocket socket(::socket(to.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket.is_open()) {
        error = std::string("socket: ") + std::strerror(errno);
        return std::nullopt;
    }
    if (receive_buffer > 0)
        ::setsockopt(socket.fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    if (::connect(socket.fd_, reinterpret_cast<const sockaddr*>(&to.address), to.length) != 0) {
        if (errno != EINPROGRESS) {
            error = std::string("connect: ") + std::strerror(errno);
            return std::nullopt;
        }
        pollfd wait{socket.fd_, POLLOUT, 0};
        int ready = 0;
        do {
            ready = ::poll(&wait, 1, static_cast<int>(timeout.count()));
        } while (ready < 0 && errno == EINTR);
        if (ready == 0) {
            error = "connect: timed out";
            return std::nullopt;
        }
        int status = 0;
        socklen_t length = sizeof status;
        ::getsockopt(socket.fd_, SOL_SOCKET, SO_ERROR, &status, &length);
        if (status != 0) {
            error = std::string("connect: ") + std::strerror(status);
            return std::nullopt;
        }
    }
    return socket;
}

Transfer TcpSocket::send_some(std::string_view bytes) {
    for (;;) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n >= 0) return {static_cast<std::size_t>(n), false};
        if (errno == EINTR) continue;
        return {0, errno != EAGAIN && errno != EWOULDBLOCK};
    }
}

Transfer TcpSocket::receive_some(std::string& into) {
    std::array<char, 65536> chunk;
    for (;;) {
        const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (n > 0) {
            into.append(chunk.data(), static_cast<std::size_t>(n));
            return {static_cast<std::size_t>(n), false};
        }
        if (n == 0) return {0, true};
        if (errno == EINTR) continue;
        return {0, errno != EAGAIN && errno != EWOULDBLOCK};
    }
}

void TcpSocket::close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void TcpSocket::close_with_reset() {
    if (fd_ < 0) return;
    const linger reset{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close();
}

}  // namespace ember::loadtest
