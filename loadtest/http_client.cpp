// ember-load's non-blocking connections (see http_client.hpp).
#include "loadtest/http_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace ember::loadtest {
namespace {

// One read buffer per thread: responses are consumed as they are read.
thread_local std::array<char, 64 * 1024> read_buffer;

std::string errno_text(const char* what) {
    return std::string(what) + ": " + std::generic_category().message(errno);
}

}  // namespace

Target::Target(const Url& url, const RequestSpec& spec)
    : request_(format_request(url, spec)), head_request_(spec.method == "HEAD") {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found);
    if (error != 0)
        throw std::runtime_error("cannot resolve " + url.host + ": " + ::gai_strerror(error));
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        Address address{};
        std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
        address.length = a->ai_addrlen;
        addresses_.push_back(address);
    }
    ::freeaddrinfo(found);
}

HttpConnection::HttpConnection(const Target& target, int epoll_fd, uint64_t tag)
    : target_(target), epoll_fd_(epoll_fd), tag_(tag) {}

std::string HttpConnection::connect() {
    if (fd_) return {};
    std::string error = "no address";
    for (const Target::Address& address : target_.addresses()) {
        UniqueFd fd(::socket(address.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!fd) return errno_text("socket");
        if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage),
                      address.length) != 0) {
            error = errno_text("connect");
            continue;
        }
        // Requests are small and latency is what we measure: no Nagle delay.
        const int on = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
        fd_ = std::move(fd);
        watched_ = 0;
        watch(EPOLLIN);
        return {};
    }
    return error;
}

void HttpConnection::watch(uint32_t events) {
    if (events == watched_) return;
    epoll_event event{};
    event.events = events;
    event.data.u64 = tag_;
    ::epoll_ctl(epoll_fd_, watched_ == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd_.get(), &event);
    watched_ = events;
}

bool HttpConnection::fail(std::string why) {
    fd_.reset();  // which also takes it out of the epoll set
    failure_.transport_error = std::move(why);
    return true;
}

bool HttpConnection::send() {
    failure_.transport_error.clear();
    if (std::string error = connect(); !error.empty()) return fail(std::move(error));
    reader_.start(target_.head_request());
    written_ = 0;
    return write_more();
}

// Writes what the socket takes; waits for EPOLLOUT when it is full.
bool HttpConnection::write_more() {
    const std::string& request = target_.request();
    while (written_ < request.size()) {
        const ssize_t n =
            ::send(fd_.get(), request.data() + written_, request.size() - written_, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) {
            watch(EPOLLIN | EPOLLOUT);
            return false;
        }
        if (n < 0 && errno != EINTR) return fail(errno_text("write"));
        if (n > 0) written_ += static_cast<std::size_t>(n);
    }
    watch(EPOLLIN);
    return false;
}

bool HttpConnection::on_event(uint32_t events) {
    if (!fd_) return false;  // a stale event of a connection closed in this batch
    if ((events & EPOLLOUT) && write_more()) return true;
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) return read_some();
    return false;
}

// One read per readiness: a response of a few hundred bytes comes whole.
bool HttpConnection::read_some() {
    const ssize_t n = ::recv(fd_.get(), read_buffer.data(), read_buffer.size(), 0);
    if (n < 0) return errno == EAGAIN || errno == EINTR ? false : fail(errno_text("read"));
    if (n == 0) return fail("connection closed by the server");
    const std::string_view bytes(read_buffer.data(), static_cast<std::size_t>(n));
    const std::size_t used = reader_.feed(bytes);
    switch (reader_.state()) {
        case ResponseReader::State::reading:
            return false;
        case ResponseReader::State::failed:
            fd_.reset();
            return true;
        case ResponseReader::State::done:
            // One request is in flight at a time: bytes beyond its response,
            // or a request not yet all written, leave the connection unusable.
            if (used < bytes.size() || written_ < target_.request().size() || !reader_.keep_alive())
                fd_.reset();
            return true;
    }
    return true;
}

}  // namespace ember::loadtest
