// The loopback HTTP server for tests (see loopback_http_server.hpp).
#include "tests/loopback_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace ember::test {
namespace {

constexpr std::size_t max_head_bytes = 1024 * 1024;

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const std::size_t last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Some bytes from the client into `data`; false when it closed or failed.
bool receive(int fd, ssl_st* tls, std::string& data) {
    char chunk[16 * 1024];
    while (true) {
        const long n = tls ? SSL_read(tls, chunk, static_cast<int>(sizeof chunk))
                           : ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && !tls && errno == EINTR) continue;
        if (n <= 0) return false;
        data.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
}

// Reads one request: the head, then a Content-Length body. False when the
// client closed first or sent something this server does not read.
bool read_request(int fd, ssl_st* tls, LoopbackRequest& request) {
    std::string data;
    std::size_t head_end;
    while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
        if (data.size() > max_head_bytes || !receive(fd, tls, data)) return false;
    }
    const std::string head = data.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const std::size_t space1 = request_line.find(' ');
    const std::size_t space2 = request_line.find(' ', space1 + 1);
    if (space1 == std::string::npos || space2 == std::string::npos) return false;
    request.method = request_line.substr(0, space1);
    request.target = request_line.substr(space1 + 1, space2 - space1 - 1);
    while (line_end != std::string::npos && line_end < head.size()) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string line = head.substr(start, line_end - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) return false;
        request.headers.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
    }
    request.body = data.substr(head_end + 4);
    const std::string* length = request.header("content-length");
    const std::size_t wanted = length ? std::stoul(*length) : 0;
    while (request.body.size() < wanted)
        if (!receive(fd, tls, request.body)) return false;
    return true;
}

std::string hex(std::size_t value) {
    char text[32];
    std::snprintf(text, sizeof text, "%zx", value);
    return text;
}

std::string head(unsigned status, const LoopbackHeaders& headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

}  // namespace

const std::string* LoopbackRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (iequals(key, name)) return &value;
    return nullptr;
}

bool LoopbackConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        if (server_.stopping()) return false;
        const int size = static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20));
        const long n = tls_ ? SSL_write(tls_, bytes.data(), size)
                            : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && !tls_ && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool LoopbackConnection::pause(std::chrono::milliseconds pause) {
    std::unique_lock lock(server_.mutex_);
    return !server_.stopped_.wait_for(lock, pause, [&] { return server_.stopping_; });
}

LoopbackHttpServer::LoopbackHttpServer() {
    listen();
}

LoopbackHttpServer::LoopbackHttpServer(const TestCertificate& identity) {
    ::signal(SIGPIPE, SIG_IGN);
    tls_context_ = SSL_CTX_new(TLS_server_method());
    BIO* certificate = BIO_new_mem_buf(identity.certificate_pem.data(),
                                       static_cast<int>(identity.certificate_pem.size()));
    BIO* key = BIO_new_mem_buf(identity.private_key_pem.data(),
                               static_cast<int>(identity.private_key_pem.size()));
    X509* x509 = PEM_read_bio_X509(certificate, nullptr, nullptr, nullptr);
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(key, nullptr, nullptr, nullptr);
    const bool loaded = x509 && pkey && SSL_CTX_use_certificate(tls_context_, x509) == 1 &&
                        SSL_CTX_use_PrivateKey(tls_context_, pkey) == 1;
    X509_free(x509);
    EVP_PKEY_free(pkey);
    BIO_free(certificate);
    BIO_free(key);
    if (!loaded) {
        SSL_CTX_free(tls_context_);
        throw std::runtime_error("the loopback server cannot use its certificate");
    }
    listen();
}

void LoopbackHttpServer::listen() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        const int error = errno;
        ::close(listen_fd_);
        SSL_CTX_free(tls_context_);
        throw std::system_error(error, std::generic_category(), "listening on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        // shutdown wakes a thread blocked in accept, recv or send on the fd.
        ::shutdown(listen_fd_, SHUT_RDWR);
        for (const int fd : open_fds_)
            ::shutdown(fd, SHUT_RDWR);
    }
    stopped_.notify_all();
    accept_thread_.join();
    for (std::thread& thread : connection_threads_)
        thread.join();
    ::close(listen_fd_);
    SSL_CTX_free(tls_context_);
}

std::string LoopbackHttpServer::authority() const {
    return "127.0.0.1:" + std::to_string(port_);
}

std::string LoopbackHttpServer::url(std::string_view target) const {
    return (tls_context_ ? "https://" : "http://") + authority() + std::string(target);
}

void LoopbackHttpServer::route(const std::string& path, LoopbackRoute route) {
    std::lock_guard lock(mutex_);
    routes_[path] = std::move(route);
}

std::vector<LoopbackRequest> LoopbackHttpServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

bool LoopbackHttpServer::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

void LoopbackHttpServer::accept_loop() {
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        std::lock_guard lock(mutex_);
        if (stopping_) {
            if (fd >= 0) ::close(fd);
            return;
        }
        if (fd < 0) continue;
        open_fds_.push_back(fd);
        connection_threads_.emplace_back([this, fd] { serve(fd); });
    }
}

LoopbackRoute LoopbackHttpServer::find_route(const std::string& target) const {
    std::lock_guard lock(mutex_);
    const auto found = routes_.find(target.substr(0, target.find('?')));
    return found == routes_.end() ? reply(404, "no such route") : found->second;
}

void LoopbackHttpServer::serve(int fd) {
    ssl_st* tls = nullptr;
    if (tls_context_) {
        tls = SSL_new(tls_context_);
        SSL_set_fd(tls, fd);
    }
    LoopbackRequest request;
    if ((!tls || SSL_accept(tls) == 1) && read_request(fd, tls, request)) {
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        LoopbackConnection connection(*this, fd, tls);
        find_route(request.target)(request, connection);
        // close_notify, so that a body delimited by the close is complete.
        if (tls) SSL_shutdown(tls);
    }
    SSL_free(tls);
    std::lock_guard lock(mutex_);
    std::erase(open_fds_, fd);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

LoopbackRoute reply(unsigned status, std::string body, LoopbackHeaders headers) {
    headers.emplace_back("Content-Length", std::to_string(body.size()));
    return [status, body, headers](const LoopbackRequest&, LoopbackConnection& connection) {
        connection.send(head(status, headers) + body);
    };
}

LoopbackRoute echo() {
    return [](const LoopbackRequest& request, LoopbackConnection& connection) {
        LoopbackHeaders headers = {{"echo-method", request.method},
                                   {"echo-target", request.target}};
        for (const auto& [name, value] : request.headers)
            headers.emplace_back("echo-" + lower(name), value);
        headers.emplace_back("Content-Length", std::to_string(request.body.size()));
        connection.send(head(200, headers) + request.body);
    };
}

LoopbackRoute drip(std::string body, std::chrono::milliseconds every) {
    return [body, every](const LoopbackRequest&, LoopbackConnection& connection) {
        if (!connection.send(head(200, {{"Content-Length", std::to_string(body.size())}}))) return;
        for (const char c : body)
            if (!connection.pause(every) || !connection.send(std::string(1, c))) return;
    };
}

LoopbackRoute stall_after_header(std::chrono::milliseconds silence) {
    return [silence](const LoopbackRequest&, LoopbackConnection& connection) {
        if (connection.send(head(200, {{"Content-Length", "10"}}))) connection.pause(silence);
    };
}

LoopbackRoute huge_body(std::size_t bytes, Framing framing) {
    return [bytes, framing](const LoopbackRequest&, LoopbackConnection& connection) {
        LoopbackHeaders headers;
        if (framing == Framing::content_length)
            headers.emplace_back("Content-Length", std::to_string(bytes));
        if (framing == Framing::chunked) headers.emplace_back("Transfer-Encoding", "chunked");
        if (!connection.send(head(200, headers))) return;
        const std::string piece(64 * 1024, 'x');
        for (std::size_t sent = 0; sent < bytes;) {
            const std::size_t n = std::min(piece.size(), bytes - sent);
            const std::string_view data(piece.data(), n);
            const bool ok = framing == Framing::chunked
                                ? connection.send(hex(n) + "\r\n") && connection.send(data) &&
                                      connection.send("\r\n")
                                : connection.send(data);
            if (!ok) return;
            sent += n;
        }
        if (framing == Framing::chunked) connection.send("0\r\n\r\n");
    };
}

LoopbackRoute redirect(unsigned status, std::string location) {
    return reply(status, "", {{"Location", std::move(location)}});
}

LoopbackRoute close_mid_body(std::size_t announced, std::size_t sent) {
    return [announced, sent](const LoopbackRequest&, LoopbackConnection& connection) {
        connection.send(head(200, {{"Content-Length", std::to_string(announced)}}) +
                        std::string(sent, 'x'));
    };
}

LoopbackRoute raw(std::string bytes) {
    return
        [bytes](const LoopbackRequest&, LoopbackConnection& connection) { connection.send(bytes); };
}

}  // namespace ember::test
