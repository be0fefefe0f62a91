// The daemon's HTTP/1.1 server: listening sockets, I/O threads, connection
// limits and graceful drain. Beast-free: the daemon includes only this.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/handler.hpp"

namespace ember::http {

struct ServerConfig {
    std::string listen = "127.0.0.1:8080";  // see parse_listen_address
    std::size_t io_threads = 1;
    // Connections beyond this are answered 503 {"code":"unavailable"} and closed.
    std::size_t max_connections = 1024;
    std::size_t max_header_bytes = 8192;  // request line + headers; beyond: 431
    // A whole request, from its first byte to its last, and a whole response
    // write; a new connection must also send its first request within it.
    std::chrono::milliseconds read_timeout{10000};
    // Keep-alive: how long a connection may wait for its next request.
    std::chrono::milliseconds idle_timeout{60000};
    // Requests are answered strictly in order, and the next one is read only
    // once the current response is written; what a client sends ahead waits
    // in a buffer of (max_pipelined + 1) * max_header_bytes bytes.
    std::size_t max_pipelined = 16;
    // Runs first on each I/O thread, with its index (0 .. io_threads-1): the
    // daemon pins the thread to a CPU there. Must not throw.
    std::function<void(std::size_t)> on_io_thread_start;
};

struct ServerStats {
    uint64_t connections_accepted = 0;  // admitted, over the server's life
    uint64_t connections_rejected = 0;  // turned away by max_connections
    uint64_t requests = 0;              // handed to the Handler
    uint64_t active_connections = 0;    // open now
};

// Call order: construct (binds or adopts, throws on failure) -> start() ->
// drain() and/or stop() -> destroy. start, drain and stop are called from one
// controlling thread, never from an I/O thread (a Handler must not call
// them); port() and stats() are safe from any thread, handlers included.
class Server {
  public:
    // Binds config.listen. Throws std::system_error such as
    // "listen 127.0.0.1:8080: Address already in use".
    Server(ServerConfig config, Handler& handler);
    // Adopts already-listening TCP sockets (systemd_listen_fds()) and owns
    // them from now on; config.listen is ignored.
    Server(ServerConfig config, Handler& handler, std::vector<int> inherited_fds);
    ~Server();

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The port of the first listening socket (the real one after port 0).
    uint16_t port() const;

    // Runs config.io_threads I/O threads; returns at once.
    void start();

    // Graceful shutdown: closes the listening sockets (new connections are
    // refused), closes idle connections at once, lets each busy connection
    // finish its current request and response and then closes it. Returns
    // true when every connection closed within `grace`. Otherwise it calls
    // `on_grace_end` (when given: the daemon interrupts its calls there),
    // sends the answers that come within half a second after it, then
    // force-closes the rest and returns false. The I/O threads keep running
    // until stop().
    bool drain(std::chrono::milliseconds grace, const std::function<void()>& on_grace_end = {});

    // Closes everything at once and joins the I/O threads. Idempotent.
    void stop();

    ServerStats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ember::http
