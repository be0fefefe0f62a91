// Binding, adopting and the accept loop; sessions do everything after accept.
#include "http/listener.hpp"

#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <system_error>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "http/listen_address.hpp"
#include "http/session.hpp"

namespace ember::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// After a failed accept (EMFILE, ENOBUFS) the loop pauses instead of spinning.
constexpr std::chrono::milliseconds accept_retry_delay{100};

void throw_if(boost::system::error_code ec, const std::string& what) {
    if (ec) throw std::system_error(std::error_code(ec.value(), std::system_category()), what);
}

int socket_option(int fd, int option, const std::string& what) {
    int value = 0;
    socklen_t length = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, option, &value, &length) != 0)
        throw std::system_error(errno, std::system_category(), what);
    return value;
}

// The protocol of an inherited fd, checked to be a listening TCP socket.
tcp inherited_protocol(int fd) {
    const std::string what = "inherited fd " + std::to_string(fd);
    const int domain = socket_option(fd, SO_DOMAIN, what);
    if ((domain != AF_INET && domain != AF_INET6) ||
        socket_option(fd, SO_TYPE, what) != SOCK_STREAM ||
        socket_option(fd, SO_ACCEPTCONN, what) == 0) {
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                what + ": not a listening TCP socket");
    }
    return domain == AF_INET ? tcp::v4() : tcp::v6();
}

}  // namespace

std::shared_ptr<Listener> Listener::bind(asio::io_context& context, std::string_view listen,
                                         std::shared_ptr<ServerState> state) {
    const std::string what = "listen " + std::string(listen);
    ListenAddress address;
    try {
        address = parse_listen_address(listen);
    } catch (const std::invalid_argument& e) {
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                what + ": " + e.what());
    }
    boost::system::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address(address.host, ec), address.port);
    throw_if(ec, what);
    tcp::acceptor acceptor(asio::make_strand(context));
    acceptor.open(endpoint.protocol(), ec);
    throw_if(ec, what);
    // A restarted daemon must not wait for the old connections' TIME_WAIT.
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    throw_if(ec, what);
    acceptor.bind(endpoint, ec);
    throw_if(ec, what);
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    throw_if(ec, what);
    return std::make_shared<Listener>(context, std::move(acceptor), std::move(state));
}

std::shared_ptr<Listener> Listener::adopt(asio::io_context& context, int fd,
                                          std::shared_ptr<ServerState> state) {
    const tcp protocol = inherited_protocol(fd);
    tcp::acceptor acceptor(asio::make_strand(context));
    boost::system::error_code ec;
    acceptor.assign(protocol, fd, ec);
    throw_if(ec, "inherited fd " + std::to_string(fd));
    return std::make_shared<Listener>(context, std::move(acceptor), std::move(state));
}

Listener::Listener(asio::io_context& context, tcp::acceptor acceptor,
                   std::shared_ptr<ServerState> state)
    : context_(context),
      acceptor_(std::move(acceptor)),
      executor_(acceptor_.get_executor()),
      retry_timer_(executor_),
      state_(std::move(state)),
      port_(acceptor_.local_endpoint().port()) {}

void Listener::start() {
    asio::post(executor_, [self = shared_from_this()] { self->accept(); });
}

void Listener::close() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
}

void Listener::accept() {
    acceptor_.async_accept(
        asio::make_strand(context_),
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket));
        });
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;
    if (!ec) {
        start_session(std::move(socket), state_);
        return accept();
    }
    spdlog::warn("http: accept failed: {}", ec.message());
    retry_timer_.expires_after(accept_retry_delay);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) self->accept();
    });
}

}  // namespace ember::http
