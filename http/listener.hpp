// One listening TCP socket and its accept loop (internal to ember_http).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/server_state.hpp"

namespace ember::http {

// Call order: bind() or adopt() -> start() -> close() (on executor()).
// Every accepted socket gets its own strand and goes to start_session().
class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Binds and listens on "HOST:PORT". Throws std::system_error whose message
    // is "listen TEXT: REASON", e.g. "listen 127.0.0.1:80: Permission denied".
    static std::shared_ptr<Listener> bind(boost::asio::io_context& context, std::string_view listen,
                                          std::shared_ptr<ServerState> state);
    // Takes ownership of an inherited, already listening TCP socket. Throws
    // std::system_error naming the fd when it is not one.
    static std::shared_ptr<Listener> adopt(boost::asio::io_context& context, int fd,
                                           std::shared_ptr<ServerState> state);

    Listener(boost::asio::io_context& context, boost::asio::ip::tcp::acceptor acceptor,
             std::shared_ptr<ServerState> state);

    uint16_t port() const { return port_; }
    const boost::asio::any_io_executor& executor() const { return executor_; }

    // Posts the first accept; the loop runs on executor() from then on.
    void start();
    // On executor(): stops accepting; the kernel refuses new connections.
    void close();

  private:
    void accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& context_;
    boost::asio::ip::tcp::acceptor acceptor_;
    const boost::asio::any_io_executor executor_;
    boost::asio::steady_timer retry_timer_;
    std::shared_ptr<ServerState> state_;
    uint16_t port_;
};

}  // namespace ember::http
