// RedisConnection: one hiredis connection (RAII), blocking, with a deadline
// on every command; and RedisReply, one reply it read.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;
struct redisReply;

namespace ember::kv {

using RedisClock = std::chrono::steady_clock;

// Where the server is and how to log in.
struct RedisEndpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string unix_socket;  // when not empty, used instead of host and port
    std::string username;     // empty: AUTH with the password only
    std::string password;     // empty: no AUTH
    std::chrono::milliseconds connect_timeout{0};
};

// One reply of the server, owned. An error reply ("-ERR ...", "-OOM ...")
// is a reply: the connection stays usable.
class RedisReply {
  public:
    enum class Kind { string, array, integer, nil, status, error };

    explicit RedisReply(redisReply* reply);
    RedisReply(RedisReply&&) noexcept;
    RedisReply& operator=(RedisReply&&) noexcept;
    ~RedisReply();

    Kind kind() const;
    // The bytes of a string, status or error reply.
    std::string_view text() const;
    long long integer() const;
    // The elements of an array of strings; none when it is not one.
    std::optional<std::vector<std::string>> strings() const;

  private:
    redisReply* reply_;
};

// Not thread-safe: one caller at a time (the pool hands it out). Once a
// command has failed (I/O error, timeout, server gone), broken() is true and
// the connection must be dropped: its replies may be out of step with its
// commands.
class RedisConnection {
  public:
    struct Opened;

    // Connects within endpoint.connect_timeout (a host name is resolved
    // before, without a timeout), and sends AUTH, which must answer before
    // `deadline` (the caller's connect timeout too). A failure is a value: the reason, e.g.
    // "connecting to 127.0.0.1:6379: Connection refused".
    static Opened open(const RedisEndpoint& endpoint, RedisClock::time_point deadline);

    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;
    ~RedisConnection();

    // Sends one command (binary-safe arguments) and reads its reply, each
    // socket read or write bounded by what is left until `deadline`. None
    // when the connection failed; error() then says why.
    std::optional<RedisReply> command(std::span<const std::string_view> args,
                                      RedisClock::time_point deadline);

    // True when the server has closed the connection (it restarted, or
    // dropped an idle client) or the socket failed, as far as the kernel
    // already knows without waiting: a connection Redis is done with has
    // nothing else to read, since Ember never subscribes.
    bool closed_by_peer() const;

    bool broken() const { return !error_.empty(); }
    const std::string& error() const { return error_; }

  private:
    RedisConnection(redisContext* context, std::string where);

    redisContext* context_;
    std::string where_;  // "127.0.0.1:6379" or the socket's path, for messages
    std::string error_;
};

struct RedisConnection::Opened {
    std::unique_ptr<RedisConnection> connection;  // null on failure
    std::string error;
};

}  // namespace ember::kv
