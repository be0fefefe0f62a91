// A non-blocking TCP client socket over plain POSIX calls, for the clients
// of ember-abuse: each of them needs a precise control of the wire (half a
// request, a reset instead of a close, a receive buffer it never empties)
// and there are hundreds of them in one thread, driven by poll().
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/url.hpp"

namespace ember::loadtest {

// An address to connect to, resolved once.
struct Endpoint {
    sockaddr_storage address{};
    socklen_t length = 0;
};

// Resolves url.host and url.port (numeric or by name); throws
// std::runtime_error when it cannot.
Endpoint resolve(const Url& url);

// What a non-blocking send or receive did.
struct Transfer {
    std::size_t bytes = 0;  // moved now (0: the socket would block)
    bool ended = false;     // the peer closed or reset the connection (or another error)
};

class TcpSocket {
  public:
    TcpSocket() = default;
    ~TcpSocket() { close(); }
    TcpSocket(TcpSocket&& other) noexcept;
    TcpSocket& operator=(TcpSocket&& other) noexcept;
    TcpSocket(const TcpSocket&) = delete;
    TcpSocket& operator=(const TcpSocket&) = delete;

    // Connects within `timeout` (waiting here, the only wait in this
    // class); the socket is non-blocking afterwards. nullopt with the
    // reason in `error` when it fails. A receive buffer size above 0 is set
    // before the connection, when it still shapes the TCP window.
    static std::optional<TcpSocket> connect(const Endpoint& to, std::chrono::milliseconds timeout,
                                            std::string& error, int receive_buffer = 0);

    int fd() const { return fd_; }
    bool is_open() const { return fd_ >= 0; }

    Transfer send_some(std::string_view bytes);
    // Appends what the kernel holds (up to 64 KiB) to `into`.
    Transfer receive_some(std::string& into);

    // close() sends a FIN; close_with_reset() an RST (SO_LINGER 0), like a
    // client whose process died with data unread, or a middlebox.
    void close();
    void close_with_reset();

  private:
    explicit TcpSocket(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace ember::loadtest
