// ember-null-server: an HTTP/1.1 server that does no work. It answers every
// request, whatever its method and target, with the same "200 ok" over
// keep-alive, from one epoll loop per thread: the target against which
// ember-load's own ceiling is measured (compare-wrk), so that what limits a
// run is the client, not the server.
//
//   ember-null-server [--listen 127.0.0.1:0] [--threads 1]
//
// Prints "listening on HOST:PORT" once it accepts connections and, on
// SIGTERM or SIGINT, "answered N requests" before it exits. A client that
// does not read its replies stalls the thread serving it: this is a bench
// target, not a server for others.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/unique_fd.hpp"
#include "http/listen_address.hpp"
#include "loadtest/request_framing.hpp"

namespace {

using ember::UniqueFd;
using ember::loadtest::RequestFrame;

// The reply, in pieces: a HEAD gets no body, a client closing is told so.
constexpr std::string_view ok_head =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n";
constexpr std::string_view ok_body = "ok\n";
constexpr std::string_view bad_reply =
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

struct Options {
    std::string listen = "127.0.0.1:0";
    unsigned threads = 1;
};

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--listen") {
            o.listen = value;
        } else if (flag == "--threads") {
            o.threads = static_cast<unsigned>(std::stoul(value));
            if (o.threads == 0 || o.threads > 64) throw std::invalid_argument("--threads: 1..64");
        } else {
            throw std::invalid_argument("unknown option " + flag);
        }
    }
    return o;
}

// One epoll loop and the connections the accepting thread handed it.
class Worker {
  public:
    Worker() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        if (!epoll_) fail("epoll_create1");
    }

    // Called from the accepting thread.
    void adopt(UniqueFd fd) {
        const int number = fd.get();
        {
            const std::lock_guard lock(mutex_);
            clients_[number].fd = std::move(fd);
        }
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = number;
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, number, &event) != 0) fail("epoll_ctl");
    }

    void run() {
        std::vector<epoll_event> events(64);
        for (;;) {
            const int n =
                ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), -1);
            if (n < 0 && errno != EINTR) fail("epoll_wait");
            for (int i = 0; i < n; ++i)
                serve(events[static_cast<std::size_t>(i)].data.fd);
        }
    }

    uint64_t answered() const { return answered_.load(std::memory_order_relaxed); }

  private:
    struct Client {
        UniqueFd fd;
        std::string in;
    };

    Client& client(int fd) {
        // References into an unordered_map stay valid while other keys are
        // added; only this thread erases.
        const std::lock_guard lock(mutex_);
        return clients_.at(fd);
    }

    void drop(int fd) {
        const std::lock_guard lock(mutex_);
        clients_.erase(fd);  // closing the fd also takes it out of the epoll set
    }

    // Reads what arrived and answers every whole request in it, in one send.
    void serve(int fd) {
        Client& c = client(fd);
        const ssize_t got = ::recv(fd, buffer_, sizeof buffer_, MSG_DONTWAIT);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) return drop(fd);
        if (got < 0) return;
        c.in.append(buffer_, static_cast<std::size_t>(got));
        out_.clear();
        bool close = false;
        std::size_t used = 0;
        uint64_t count = 0;
        while (!close) {
            const RequestFrame frame =
                ember::loadtest::frame_request(std::string_view(c.in).substr(used));
            if (frame.state == RequestFrame::State::incomplete) break;
            close = frame.close;
            used += frame.size;
            ++count;
            if (frame.state == RequestFrame::State::invalid) {
                out_ += bad_reply;
                continue;
            }
            out_ += ok_head;
            out_ += close ? "Connection: close\r\n\r\n" : "\r\n";
            if (!frame.head) out_ += ok_body;
        }
        c.in.erase(0, used);
        answered_.fetch_add(count, std::memory_order_relaxed);
        if (!out_.empty() && ::send(fd, out_.data(), out_.size(), MSG_NOSIGNAL) < 0) close = true;
        if (close) drop(fd);
    }

    UniqueFd epoll_;
    std::mutex mutex_;
    std::unordered_map<int, Client> clients_;
    std::atomic<uint64_t> answered_{0};
    std::string out_;  // the replies of one serve(), its capacity kept
    char buffer_[64 * 1024];
};

UniqueFd listen_on(const ember::http::ListenAddress& address) {
    const bool v6 = address.host.find(':') != std::string::npos;
    UniqueFd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) fail("socket");
    const int on = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto& a = reinterpret_cast<sockaddr_in6&>(storage);
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(address.port);
        ::inet_pton(AF_INET6, address.host.c_str(), &a.sin6_addr);
        length = sizeof a;
    } else {
        auto& a = reinterpret_cast<sockaddr_in&>(storage);
        a.sin_family = AF_INET;
        a.sin_port = htons(address.port);
        ::inet_pton(AF_INET, address.host.c_str(), &a.sin_addr);
        length = sizeof a;
    }
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0) fail("bind");
    if (::listen(fd.get(), 1024) != 0) fail("listen");
    return fd;
}

uint16_t port_of(const UniqueFd& fd) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        fail("getsockname");
    return ntohs(storage.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(storage).sin6_port
                                               : reinterpret_cast<sockaddr_in&>(storage).sin_port);
}

// Waits for SIGTERM or SIGINT (blocked in every thread), then reports and exits.
void report_on_signal(const sigset_t& signals, const std::deque<Worker>& workers) {
    int signal = 0;
    sigwait(&signals, &signal);
    uint64_t total = 0;
    for (const Worker& worker : workers)
        total += worker.answered();
    std::printf("answered %llu requests\n", static_cast<unsigned long long>(total));
    std::fflush(stdout);
    std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        const ember::http::ListenAddress address =
            ember::http::parse_listen_address(options.listen);
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGTERM);
        sigaddset(&signals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        const UniqueFd listener = listen_on(address);
        std::deque<Worker> workers(options.threads);
        std::vector<std::jthread> threads;
        for (Worker& worker : workers)
            threads.emplace_back([&worker] { worker.run(); });
        threads.emplace_back([&] { report_on_signal(signals, workers); });
        std::printf("listening on %s:%u\n", address.host.c_str(), port_of(listener));
        std::fflush(stdout);
        for (std::size_t next = 0;; ++next) {
            UniqueFd fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (!fd) {
                if (errno == EINTR || errno == ECONNABORTED) continue;
                fail("accept4");
            }
            const int on = 1;
            ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            workers[next % workers.size()].adopt(std::move(fd));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-null-server: %s\n", e.what());
        return 1;
    }
}
