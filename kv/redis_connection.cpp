// A blocking hiredis connection whose every command has a deadline, and the
// replies it reads.
#include "kv/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace ember::kv {

namespace {

timeval to_timeval(std::chrono::microseconds duration) {
    // SO_RCVTIMEO of 0 would mean no timeout at all.
    duration = std::max(duration, std::chrono::microseconds(1000));
    return timeval{.tv_sec = static_cast<time_t>(duration.count() / 1'000'000),
                   .tv_usec = static_cast<suseconds_t>(duration.count() % 1'000'000)};
}

// hiredis writes with write(2): to a server that has closed the connection,
// that raises SIGPIPE, which would kill a process that does not ignore it.
// The signal is blocked in this thread while a command runs, and one that
// the command raised is taken off the thread before the mask is restored.
class SigpipeBlocked {
  public:
    SigpipeBlocked() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;
    ~SigpipeBlocked() {
        if (sigismember(&previous_, SIGPIPE)) return;
        sigset_t pending;
        if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
            const timespec now{};
            const int saved = errno;
            sigtimedwait(&pipe_, nullptr, &now);
            errno = saved;
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }

  private:
    sigset_t pipe_;
    sigset_t previous_;
};

std::string where_of(const RedisEndpoint& endpoint) {
    if (!endpoint.unix_socket.empty()) return endpoint.unix_socket;
    return endpoint.host + ":" + std::to_string(endpoint.port);
}

}  // namespace

RedisReply::RedisReply(redisReply* reply) : reply_(reply) {}

RedisReply::RedisReply(RedisReply&& other) noexcept
    : reply_(std::exchange(other.reply_, nullptr)) {}

RedisReply& RedisReply::operator=(RedisReply&& other) noexcept {
    if (this != &other) {
        if (reply_ != nullptr) freeReplyObject(reply_);
        reply_ = std::exchange(other.reply_, nullptr);
    }
    return *this;
}

RedisReply::~RedisReply() {
    if (reply_ != nullptr) freeReplyObject(reply_);
}

RedisReply::Kind RedisReply::kind() const {
    switch (reply_->type) {
        case REDIS_REPLY_STRING:
            return Kind::string;
        case REDIS_REPLY_ARRAY:
            return Kind::array;
        case REDIS_REPLY_INTEGER:
            return Kind::integer;
        case REDIS_REPLY_NIL:
            return Kind::nil;
        case REDIS_REPLY_STATUS:
            return Kind::status;
        default:
            return Kind::error;
    }
}

std::string_view RedisReply::text() const {
    if (reply_->str == nullptr) return {};
    return {reply_->str, reply_->len};
}

long long RedisReply::integer() const {
    return reply_->integer;
}

std::optional<std::vector<std::string>> RedisReply::strings() const {
    if (reply_->type != REDIS_REPLY_ARRAY) return std::nullopt;
    std::vector<std::string> strings;
    strings.reserve(reply_->elements);
    for (std::size_t i = 0; i < reply_->elements; ++i) {
        const redisReply* element = reply_->element[i];
        if (element->type != REDIS_REPLY_STRING) return std::nullopt;
        strings.emplace_back(element->str, element->len);
    }
    return strings;
}

RedisConnection::RedisConnection(redisContext* context, std::string where)
    : context_(context), where_(std::move(where)) {
    // hiredis frees its read buffer after each reply larger than 16 KiB and
    // grows a new one for the next: with values of 64 KiB that made every
    // get give memory back to the kernel and take it again (brk, and a TLB
    // flush on every CPU), and cost 0.5 to 2.5 ms instead of 0.14 (measured
    // with ember-kv-bench). The buffer is kept instead, as large as the
    // largest reply so far (a value of max_value_bytes at most).
    context_->reader->maxbuf = 0;
}

RedisConnection::~RedisConnection() {
    redisFree(context_);
}

RedisConnection::Opened RedisConnection::open(const RedisEndpoint& endpoint,
                                              RedisClock::time_point deadline) {
    const timeval timeout = to_timeval(endpoint.connect_timeout);
    redisContext* context =
        endpoint.unix_socket.empty()
            ? redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, timeout)
            : redisConnectUnixWithTimeout(endpoint.unix_socket.c_str(), timeout);
    const std::string where = where_of(endpoint);
    if (context == nullptr) return {nullptr, "connecting to " + where + ": out of memory"};
    if (context->err != 0) {
        std::string error = "connecting to " + where + ": " + context->errstr;
        redisFree(context);
        return {nullptr, std::move(error)};
    }
    std::unique_ptr<RedisConnection> connection(new RedisConnection(context, where));
    if (endpoint.password.empty()) return {std::move(connection), {}};
    std::vector<std::string_view> auth{"AUTH"};
    if (!endpoint.username.empty()) auth.emplace_back(endpoint.username);
    auth.emplace_back(endpoint.password);
    const std::optional<RedisReply> reply = connection->command(auth, deadline);
    if (!reply) return {nullptr, connection->error()};
    if (reply->kind() != RedisReply::Kind::status)
        return {nullptr, "logging in to " + where + ": " + std::string(reply->text())};
    return {std::move(connection), {}};
}

bool RedisConnection::closed_by_peer() const {
    pollfd socket{context_->fd, POLLIN, 0};
    if (::poll(&socket, 1, 0) <= 0) return false;
    if ((socket.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return true;
    char byte;
    // Readable with nothing to read: the end of the stream.
    return ::recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

std::optional<RedisReply> RedisConnection::command(std::span<const std::string_view> args,
                                                   RedisClock::time_point deadline) {
    if (broken()) return std::nullopt;
    const auto left =
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - RedisClock::now());
    if (left.count() <= 0) {
        error_ = where_ + ": no time left for the command";
        return std::nullopt;
    }
    if (redisSetTimeout(context_, to_timeval(left)) != REDIS_OK) {
        error_ = where_ + ": " + context_->errstr;
        return std::nullopt;
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const std::string_view arg : args) {
        // An empty view may have no data; hiredis copies from the pointer.
        argv.push_back(arg.empty() ? "" : arg.data());
        lengths.push_back(arg.size());
    }
    void* reply = nullptr;
    int io_errno = 0;
    {
        const SigpipeBlocked blocked;
        reply =
            redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
        io_errno = errno;
    }
    if (reply != nullptr) return RedisReply(static_cast<redisReply*>(reply));
    // A socket timeout is EAGAIN, which hiredis reports as its strerror.
    const bool timed_out =
        context_->err == REDIS_ERR_IO && (io_errno == EAGAIN || io_errno == EWOULDBLOCK);
    error_ = where_ + ": " +
             (timed_out ? std::string("no reply within the command timeout")
                        : std::string(context_->errstr));
    return std::nullopt;
}

}  // namespace ember::kv
