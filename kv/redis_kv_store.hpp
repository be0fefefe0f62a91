// RedisKvStore: the key-value store in a Redis server, which several emberd
// nodes can share, through hiredis.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kv/kv_limits.hpp"
#include "kv/kv_store.hpp"
#include "kv/redis_connection.hpp"

namespace ember::kv {

class RedisConnectionPool;

struct RedisKvOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    // A Unix socket's path; when set, host and port are not used.
    std::string unix_socket;
    // AUTH: the password alone (requirepass, or the default ACL user), or
    // with a username for an ACL user. Empty: no AUTH.
    std::string username;
    std::string password;
    // Put before every key the store makes (redis_keys.hpp says how a
    // namespace is named), so that Ember shares a server with others.
    std::string key_prefix = "ember:";
    // Connecting and AUTH, when a call has to connect first.
    std::chrono::milliseconds connect_timeout{1000};
    // The rest of a call: waiting for a free connection, sending the
    // command and reading its answer.
    std::chrono::milliseconds command_timeout{1000};
    // The most commands in flight at once; a call waits for a free
    // connection within its command timeout.
    std::size_t connections = 4;
    KvLimits limits;
};

// Layout: each namespace is a hash of its keys and values, a sorted set of
// its keys (list() reads it with ZRANGEBYLEX, in byte order) and a counter
// of its bytes, named in redis_keys.hpp. get() is one HGET and list() one
// ZRANGEBYLEX; set() and remove() are each one Lua script (EVAL), which
// Redis runs atomically: the hash, the set and the counter change together,
// and the quota check and the write are one step, so that writers on any
// number of threads or nodes cannot take a namespace over its quota.
// Keys, values and namespaces are binary-safe (sent as counted strings).
//
// Durability: set() or remove() returns ok once Redis has answered the
// script, and what that answer means is the server's configuration. With
// `appendonly yes` and `appendfsync always` Redis writes the script's
// effects to its append-only file and fsyncs it before it answers, so an
// acknowledged write survives a crash of Redis or of its machine, as the
// SQLite store's do. With `appendfsync everysec` (Redis's default when the
// AOF is on) a power cut can lose the last second of acknowledged writes;
// without the AOF, everything since the last snapshot. Replication is
// asynchronous: a failover to a replica can lose writes the primary had
// acknowledged. The recommended redis.conf:
//   appendonly yes
//   appendfsync always
//   maxmemory-policy noeviction   (an evicting policy could drop one of a
//                                  namespace's three keys and not the others)
//   aof-load-truncated yes        (the default: a write cut short by a crash,
//                                  never acknowledged, is dropped at restart)
// and, for a server shared with others, an ACL user limited to the prefix
// and the commands the store and its scripts send:
//   user ember on >PASSWORD ~ember:* +auth +hget +zrangebylex +eval +hexists
//        +hstrlen +get +hset +zadd +incrby +hdel +zrem +decrby +del
// hiredis from Debian has no TLS: keep the server on a trusted network or
// on a Unix socket. Redis Cluster is not supported.
//
// Failures: a server that is down, unreachable, too slow, or that answers
// with an error (out of memory, read-only replica, wrong password) makes
// the call return unavailable, never throw or hang: a call returns within
// about command_timeout, plus connect_timeout when it has to connect (each
// socket read and write is bounded by what is left of the call's time; the
// resolution of a host name is not, so configure an address). A set() or
// remove() that returns unavailable may still have been applied: the
// server can have run it and the answer been lost. A connection that failed
// is dropped, and the next call that needs it connects again, so a server
// that comes back is used again without a restart of emberd; while it is
// down, every call tries to connect (a refused connection fails at once, an
// unreachable host after connect_timeout). last_error() says what went
// wrong most recently, for the log.
//
// Construction validates the options (KvError EINVAL with what is wrong)
// and connects to nothing: emberd starts while Redis is down, and its calls
// are unavailable until Redis is up.
//
// Threads: every member may be called from any thread at once; each call
// takes one of `connections` connections for its duration. The store blocks
// SIGPIPE in a thread while a command runs, so that a server that hangs up
// cannot kill the process. Each connection keeps a read buffer as large as
// the largest reply it has read (at most a value of max_value_bytes).
class RedisKvStore final : public KvStore {
  public:
    explicit RedisKvStore(RedisKvOptions options);
    RedisKvStore(const RedisKvStore&) = delete;
    RedisKvStore& operator=(const RedisKvStore&) = delete;
    ~RedisKvStore() override;

    KvValue get(std::string_view ns, std::string_view key) override;
    KvStatus set(std::string_view ns, std::string_view key, std::string_view value) override;
    KvStatus remove(std::string_view ns, std::string_view key) override;
    KvPage list(std::string_view ns, std::string_view prefix, std::string_view after,
                std::size_t limit) override;

    // Why the last call that returned unavailable did, e.g. "connecting to
    // 127.0.0.1:6379: Connection refused"; empty when none has.
    std::string last_error() const;

  private:
    // One command on a leased connection, connecting first when the slot
    // has none; none when there was no connection or it failed (recorded
    // in last_error()).
    std::optional<RedisReply> run(std::span<const std::string_view> args);
    void record_error(std::string error);

    RedisKvOptions options_;
    RedisEndpoint endpoint_;
    std::unique_ptr<RedisConnectionPool> pool_;
    mutable std::mutex error_mutex_;
    std::string last_error_;
};

}  // namespace ember::kv
