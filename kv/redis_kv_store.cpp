// The Redis key-value store: the options' checks, and each call as one
// command or one script on a pooled connection.
#include "kv/redis_kv_store.hpp"

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include "kv/kv_error.hpp"
#include "kv/redis_connection_pool.hpp"
#include "kv/redis_keys.hpp"

namespace ember::kv {

namespace {

// EVAL rather than EVALSHA: Redis caches a script it has compiled by its
// SHA1, so sending its text costs a few hundred bytes per call, and no
// NOSCRIPT (a restarted or flushed server) has to be handled.
//
// KEYS: the namespace's hash, index and counter (redis_keys.hpp);
// ARGV: key, value, quota. Returns 1 when set, 0 when over the quota. The
// counter changes by INCRBY, so that Lua never formats a large number.
constexpr std::string_view set_script = R"lua(
local replaced = 0
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  replaced = #ARGV[1] + redis.call('HSTRLEN', KEYS[1], ARGV[1])
end
local change = #ARGV[1] + #ARGV[2] - replaced
if tonumber(redis.call('GET', KEYS[3]) or '0') + change > tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('INCRBY', KEYS[3], change)
return 1
)lua";

// KEYS as above; ARGV: key. Returns 1 when removed, 0 when there was no
// such key.
constexpr std::string_view remove_script = R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local freed = #ARGV[1] + redis.call('HSTRLEN', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('DECRBY', KEYS[3], freed) <= 0 then
  redis.call('DEL', KEYS[3])
end
return 1
)lua";

[[noreturn]] void invalid(const std::string& what) {
    throw KvError(EINVAL, "redis key-value store: " + what);
}

RedisKvOptions checked(RedisKvOptions options) {
    for (const std::string* text :
         {&options.host, &options.unix_socket, &options.username, &options.password})
        if (text->find('\0') != std::string::npos) invalid("a NUL byte in an option");
    if (options.unix_socket.empty() && options.host.empty())
        invalid("neither a host nor a Unix socket");
    if (options.unix_socket.empty() && options.port == 0) invalid("port 0");
    if (!options.username.empty() && options.password.empty())
        invalid("a username without a password");
    if (options.connect_timeout.count() <= 0 || options.command_timeout.count() <= 0)
        invalid("a timeout of 0 ms or less");
    if (options.connections == 0) invalid("0 connections");
    return options;
}

RedisEndpoint endpoint_of(const RedisKvOptions& options) {
    return RedisEndpoint{.host = options.host,
                         .port = options.port,
                         .unix_socket = options.unix_socket,
                         .username = options.username,
                         .password = options.password,
                         .connect_timeout = options.connect_timeout};
}

}  // namespace

RedisKvStore::RedisKvStore(RedisKvOptions options)
    : options_(checked(std::move(options))),
      endpoint_(endpoint_of(options_)),
      pool_(std::make_unique<RedisConnectionPool>(options_.connections)) {}

RedisKvStore::~RedisKvStore() = default;

std::string RedisKvStore::last_error() const {
    const std::lock_guard lock(error_mutex_);
    return last_error_;
}

void RedisKvStore::record_error(std::string error) {
    const std::lock_guard lock(error_mutex_);
    last_error_ = std::move(error);
}

std::optional<RedisReply> RedisKvStore::run(std::span<const std::string_view> args) {
    auto deadline = RedisClock::now() + options_.command_timeout;
    std::optional<RedisConnectionPool::Lease> lease = pool_->acquire(deadline);
    if (!lease) {
        record_error("all " + std::to_string(options_.connections) +
                     " connections to Redis stayed busy for the command timeout");
        return std::nullopt;
    }
    std::unique_ptr<RedisConnection>& connection = lease->connection();
    // A connection the server closed while it was idle (Redis restarted)
    // would fail this call: open a new one instead.
    if (connection && connection->closed_by_peer()) connection.reset();
    if (!connection) {
        // Connecting and logging in have connect_timeout of their own, and
        // leave the command what was left of command_timeout.
        const auto connecting = RedisClock::now();
        RedisConnection::Opened opened =
            RedisConnection::open(endpoint_, connecting + options_.connect_timeout);
        deadline += RedisClock::now() - connecting;
        if (!opened.connection) {
            record_error(std::move(opened.error));
            return std::nullopt;
        }
        connection = std::move(opened.connection);
    }
    std::optional<RedisReply> reply = connection->command(args, deadline);
    if (!reply) {
        record_error(connection->error());
        connection.reset();
    }
    return reply;
}

KvValue RedisKvStore::get(std::string_view ns, std::string_view key) {
    KvValue result;
    const KvLimits& limits = options_.limits;
    if (result.status = check_namespace(limits, ns); result.status != KvStatus::ok) return result;
    if (result.status = check_key(limits, key); result.status != KvStatus::ok) return result;
    const RedisNamespaceKeys keys = redis_namespace_keys(options_.key_prefix, ns);
    const std::string_view args[] = {"HGET", keys.values, key};
    const std::optional<RedisReply> reply = run(args);
    if (reply && reply->kind() == RedisReply::Kind::string) {
        result.value = reply->text();
    } else if (reply && reply->kind() == RedisReply::Kind::nil) {
        result.status = KvStatus::not_found;
    } else {
        if (reply) record_error("HGET: " + std::string(reply->text()));
        result.status = KvStatus::unavailable;
    }
    return result;
}

KvStatus RedisKvStore::set(std::string_view ns, std::string_view key, std::string_view value) {
    const KvLimits& limits = options_.limits;
    for (const KvStatus status :
         {check_namespace(limits, ns), check_key(limits, key), check_value(limits, value)})
        if (status != KvStatus::ok) return status;
    const RedisNamespaceKeys keys = redis_namespace_keys(options_.key_prefix, ns);
    const std::string quota = std::to_string(limits.namespace_quota_bytes);
    const std::string_view args[] = {"EVAL",     set_script, "3",   keys.values, keys.index,
                                     keys.bytes, key,        value, quota};
    const std::optional<RedisReply> reply = run(args);
    if (reply && reply->kind() == RedisReply::Kind::integer)
        return reply->integer() == 1 ? KvStatus::ok : KvStatus::over_quota;
    if (reply) record_error("set script: " + std::string(reply->text()));
    return KvStatus::unavailable;
}

KvStatus RedisKvStore::remove(std::string_view ns, std::string_view key) {
    const KvLimits& limits = options_.limits;
    for (const KvStatus status : {check_namespace(limits, ns), check_key(limits, key)})
        if (status != KvStatus::ok) return status;
    const RedisNamespaceKeys keys = redis_namespace_keys(options_.key_prefix, ns);
    const std::string_view args[] = {"EVAL",     remove_script, "3", keys.values,
                                     keys.index, keys.bytes,    key};
    const std::optional<RedisReply> reply = run(args);
    if (reply && reply->kind() == RedisReply::Kind::integer)
        return reply->integer() == 1 ? KvStatus::ok : KvStatus::not_found;
    if (reply) record_error("remove script: " + std::string(reply->text()));
    return KvStatus::unavailable;
}

KvPage RedisKvStore::list(std::string_view ns, std::string_view prefix, std::string_view after,
                          std::size_t limit) {
    KvPage page;
    const KvLimits& limits = options_.limits;
    if (page.status = check_namespace(limits, ns); page.status != KvStatus::ok) return page;
    if (page.status = check_list(limits, prefix, after, limit); page.status != KvStatus::ok)
        return page;
    const RedisNamespaceKeys keys = redis_namespace_keys(options_.key_prefix, ns);
    const RedisLexRange range = redis_list_range(prefix, after);
    // One key more than asked for says whether there is a next page.
    const std::string count = std::to_string(limit + 1);
    const std::string_view args[] = {"ZRANGEBYLEX", keys.index, range.min, range.max,
                                     "LIMIT",       "0",        count};
    const std::optional<RedisReply> reply = run(args);
    std::optional<std::vector<std::string>> found;
    if (reply) found = reply->strings();
    if (!found) {
        if (reply) record_error("ZRANGEBYLEX: " + std::string(reply->text()));
        return KvPage{.status = KvStatus::unavailable, .keys = {}, .next = {}};
    }
    page.keys = std::move(*found);
    if (page.keys.size() > limit) {
        page.keys.pop_back();
        page.next = page.keys.back();
    }
    return page;
}

}  // namespace ember::kv
