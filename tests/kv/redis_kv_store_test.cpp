// The KvStore contract on the Redis store, each case against a
// redis-server of its own (redis_server.hpp), and what only a server can do:
// die, hang, come back, ask for a password.
#include "kv/redis_kv_store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "kv/kv_error.hpp"
#include "tests/eventually.hpp"
#include "tests/kv/kv_store_contract.hpp"
#include "tests/kv/redis_server.hpp"

namespace {

using namespace ember::kv;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ember::kv::test::numbered;
using ember::kv::test::RedisServer;

// Every store is another client of the same server, as emberd restarted or
// on another node would be.
struct RedisBackend {
    RedisServer server;

    std::unique_ptr<KvStore> open(KvLimits limits = {}) {
        RedisKvOptions options = server.options();
        options.limits = limits;
        return std::make_unique<RedisKvStore>(options);
    }
};

// Each call of the store, expecting unavailable from all of them.
void check_all_unavailable(RedisKvStore& store) {
    CHECK(store.get("fn", "k").status == KvStatus::unavailable);
    CHECK(store.set("fn", "k", "v") == KvStatus::unavailable);
    CHECK(store.remove("fn", "k") == KvStatus::unavailable);
    CHECK(store.list("fn", "", "", 10).status == KvStatus::unavailable);
}

}  // namespace

EMBER_KV_STORE_CONTRACT_TESTS(RedisBackend, "redis kv store", "[kv][redis]")

TEST_CASE("redis kv store: acknowledged writes survive a kill -9 of redis-server", "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    options.limits.namespace_quota_bytes = 1000;
    {
        RedisKvStore store(options);
        for (int i = 0; i < 100; ++i)
            REQUIRE(store.set("fn", numbered("k", i), std::string(5, 'v')) == KvStatus::ok);
        REQUIRE(store.remove("fn", "k007") == KvStatus::ok);
        REQUIRE(store.set("fn", "k008", "replaced") == KvStatus::ok);
    }
    server.kill9();
    server.restart();
    RedisKvStore store(options);
    for (int i = 0; i < 100; ++i) {
        const KvValue got = store.get("fn", numbered("k", i));
        if (i == 7)
            CHECK(got.status == KvStatus::not_found);
        else
            CHECK(got.value == (i == 8 ? "replaced" : std::string(5, 'v')));
    }
    CHECK(ember::kv::test::all_keys(store, "fn", "", 1000).size() == 99);
    // The quota's counter came back with the keys: 99 × 9 bytes + 3 are
    // used, so 106 are left.
    CHECK(store.set("fn", "new", std::string(104, 'v')) == KvStatus::over_quota);
    CHECK(store.set("fn", "new", std::string(103, 'v')) == KvStatus::ok);
}

TEST_CASE(
    "redis kv store: a killed server makes every call unavailable, and the same store works "
    "again once it is restarted on its port",
    "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    options.connections = 2;
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "before") == KvStatus::ok);
    CHECK(store.last_error().empty());
    server.kill9();

    // Connections that were open, then refused ones, from several threads.
    check_all_unavailable(store);
    CHECK_FALSE(store.last_error().empty());
    std::vector<std::thread> callers;
    std::atomic<int> unavailable{0};
    for (int t = 0; t < 4; ++t)
        callers.emplace_back([&] {
            for (int i = 0; i < 10; ++i)
                if (store.get("fn", "k").status == KvStatus::unavailable) ++unavailable;
        });
    for (std::thread& caller : callers)
        caller.join();
    CHECK(unavailable == 40);
    CHECK_THAT(store.last_error(), Contains("Connection refused"));

    // A store made while its server is down, as emberd starting first.
    RedisKvStore early(options);
    check_all_unavailable(early);

    server.restart();
    CHECK(store.get("fn", "k").value == "before");
    CHECK(store.set("fn", "k", "after") == KvStatus::ok);
    CHECK(early.get("fn", "k").value == "after");
}

TEST_CASE("redis kv store: the first call after a restart the store did not see succeeds",
          "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    options.connections = 1;
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "kept") == KvStatus::ok);
    // The store's one connection is idle through the restart: it must not
    // fail the next call.
    server.kill9();
    server.restart();
    CHECK(store.get("fn", "k").value == "kept");
    CHECK(store.last_error().empty());
}

TEST_CASE(
    "redis kv store: a server that accepts but never answers makes calls unavailable within "
    "the command timeout, and answers again once it is back",
    "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    options.command_timeout = 200ms;
    options.connections = 2;
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "v") == KvStatus::ok);
    server.freeze();
    const auto start = std::chrono::steady_clock::now();
    check_all_unavailable(store);
    // Four calls of 200 ms (the kernel accepts the connections of a stopped
    // server): a generous bound, to fail rather than hang.
    CHECK(std::chrono::steady_clock::now() - start < 20s);
    CHECK_THAT(store.last_error(), Contains("no reply within the command timeout"));
    server.thaw();
    // The server now runs what it was sent while stopped (the set and the
    // remove that returned unavailable may both take effect), then answers.
    CHECK(ember::test::eventually([&] { return store.set("fn", "after", "v") == KvStatus::ok; },
                                  20s));
    CHECK(store.get("fn", "after").value == "v");
}

TEST_CASE("redis kv store: over a Unix socket", "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    options.host.clear();
    options.port = 0;
    options.unix_socket = server.unix_socket().string();
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "over the socket") == KvStatus::ok);
    CHECK(store.get("fn", "k").value == "over the socket");
}

TEST_CASE("redis kv store: logs in with the server's password, and without it is unavailable",
          "[kv][redis]") {
    RedisServer server({"--requirepass", "s3cret"});
    RedisKvOptions options = server.options();
    {
        RedisKvStore store(options);
        check_all_unavailable(store);
        CHECK_THAT(store.last_error(), Contains("NOAUTH"));
    }
    {
        options.password = "wrong";
        RedisKvStore store(options);
        check_all_unavailable(store);
        CHECK_THAT(store.last_error(), Contains("logging in to 127.0.0.1:"));
    }
    options.password = "s3cret";
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "v") == KvStatus::ok);
    CHECK(store.get("fn", "k").value == "v");
}

TEST_CASE(
    "redis kv store: the ACL user the header recommends can do everything the store does, and "
    "only under its prefix",
    "[kv][redis]") {
    RedisServer server({"--user", "ember", "on", ">s3cret", "~ember:*", "+auth", "+hget",
                        "+zrangebylex", "+eval", "+hexists", "+hstrlen", "+get", "+hset", "+zadd",
                        "+incrby", "+hdel", "+zrem", "+decrby", "+del"});
    RedisKvOptions options = server.options();
    options.username = "ember";
    options.password = "s3cret";
    options.limits.namespace_quota_bytes = 10;
    RedisKvStore store(options);
    REQUIRE(store.set("fn", "k", "v") == KvStatus::ok);
    CHECK(store.get("fn", "k").value == "v");
    CHECK(store.list("fn", "", "", 10).keys == std::vector<std::string>{"k"});
    CHECK(store.set("fn", "k2", std::string(9, 'v')) == KvStatus::over_quota);
    CHECK(store.remove("fn", "k") == KvStatus::ok);
    CHECK(store.remove("fn", "k") == KvStatus::not_found);

    options.key_prefix = "other:";
    RedisKvStore outside(options);
    CHECK(outside.set("fn", "k", "v") == KvStatus::unavailable);
    CHECK_THAT(outside.last_error(), Contains("NOPERM"));
}

TEST_CASE("redis kv store: stores of different key prefixes on one server are separate",
          "[kv][redis]") {
    RedisServer server;
    RedisKvOptions options = server.options();
    RedisKvStore ember_store(options);
    options.key_prefix = "staging:";
    RedisKvStore staging(options);
    RedisKvStore staging_node_2(options);
    REQUIRE(ember_store.set("fn", "k", "production") == KvStatus::ok);
    REQUIRE(staging.set("fn", "k", "staging") == KvStatus::ok);
    CHECK(ember_store.get("fn", "k").value == "production");
    CHECK(staging_node_2.get("fn", "k").value == "staging");
}

TEST_CASE("redis kv store: options that cannot work are refused at construction", "[kv]") {
    const auto refused = [](auto change) {
        RedisKvOptions options;
        change(options);
        return RedisKvStore(options);
    };
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.host.clear(); }), KvError);
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.port = 0; }), KvError);
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.command_timeout = 0ms; }), KvError);
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.connect_timeout = -1ms; }), KvError);
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.connections = 0; }), KvError);
    CHECK_THROWS_WITH(refused([](RedisKvOptions& o) { o.username = "ember"; }),
                      Contains("a username without a password"));
    CHECK_THROWS_AS(refused([](RedisKvOptions& o) { o.password = std::string("a\0b", 3); }),
                    KvError);
    // A Unix socket needs no host nor port.
    CHECK_NOTHROW(refused([](RedisKvOptions& o) {
        o.host.clear();
        o.port = 0;
        o.unix_socket = "/run/redis/redis.sock";
    }));
}
