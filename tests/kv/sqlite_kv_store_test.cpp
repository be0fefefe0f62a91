#include "kv/sqlite_kv_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "tests/scratch_dir.hpp"

using namespace ember::kv;
using ember::daemon::test::ScratchDir;

namespace {

std::string numbered(const char* prefix, int i) {
    char text[64];
    std::snprintf(text, sizeof text, "%s%03d", prefix, i);
    return text;
}

// Every key of `prefix` in `ns`, page by page.
std::vector<std::string> all_keys(KvStore& store, std::string_view ns, std::string_view prefix,
                                  std::size_t page_size) {
    std::vector<std::string> keys;
    std::string after;
    do {
        KvPage page = store.list(ns, prefix, after, page_size);
        REQUIRE(page.status == KvStatus::ok);
        REQUIRE(page.keys.size() <= page_size);
        keys.insert(keys.end(), page.keys.begin(), page.keys.end());
        after = page.next;
    } while (!after.empty());
    return keys;
}

}  // namespace

TEST_CASE("kv store: set, get, replace and remove a key", "[kv]") {
    ScratchDir dir;
    SqliteKvStore store(dir.path());
    CHECK(store.get("fn", "visits").status == KvStatus::not_found);
    REQUIRE(store.set("fn", "visits", "1") == KvStatus::ok);
    CHECK(store.get("fn", "visits").value == "1");
    REQUIRE(store.set("fn", "visits", "22") == KvStatus::ok);
    const KvValue got = store.get("fn", "visits");
    CHECK(got.status == KvStatus::ok);
    CHECK(got.value == "22");
    CHECK(store.remove("fn", "visits") == KvStatus::ok);
    CHECK(store.get("fn", "visits").status == KvStatus::not_found);
    CHECK(store.remove("fn", "visits") == KvStatus::not_found);
    REQUIRE(store.set("fn", "empty", "") == KvStatus::ok);
    CHECK(store.get("fn", "empty").status == KvStatus::ok);
    CHECK(store.get("fn", "empty").value.empty());
}

TEST_CASE("kv store: namespaces are separate key spaces", "[kv]") {
    ScratchDir dir;
    SqliteKvStore store(dir.path());
    REQUIRE(store.set("a", "key", "in a") == KvStatus::ok);
    REQUIRE(store.set("b", "key", "in b") == KvStatus::ok);
    REQUIRE(store.set("ab", "only", "x") == KvStatus::ok);
    CHECK(store.get("a", "key").value == "in a");
    CHECK(store.get("b", "key").value == "in b");
    CHECK(store.get("a", "only").status == KvStatus::not_found);
    REQUIRE(store.remove("a", "key") == KvStatus::ok);
    CHECK(store.get("b", "key").value == "in b");
    CHECK(all_keys(store, "b", "", 10) == std::vector<std::string>{"key"});
    CHECK(all_keys(store, "a", "", 10).empty());
}

TEST_CASE("kv store: list by prefix, page by page", "[kv]") {
    ScratchDir dir;
    SqliteKvStore store(dir.path());
    std::vector<std::string> users;
    for (int i = 0; i < 25; ++i) {
        users.push_back(numbered("user:", i));
        REQUIRE(store.set("fn", users.back(), "v") == KvStatus::ok);
    }
    for (const char* other : {"user", "users", "usex", "a", "zzz"})
        REQUIRE(store.set("fn", other, "v") == KvStatus::ok);

    const KvPage first = store.list("fn", "user:", "", 10);
    REQUIRE(first.status == KvStatus::ok);
    CHECK(first.keys == std::vector<std::string>(users.begin(), users.begin() + 10));
    CHECK(first.next == users[9]);
    const KvPage second = store.list("fn", "user:", first.next, 10);
    CHECK(second.keys == std::vector<std::string>(users.begin() + 10, users.begin() + 20));
    const KvPage last = store.list("fn", "user:", second.next, 10);
    CHECK(last.keys == std::vector<std::string>(users.begin() + 20, users.end()));
    CHECK(last.next.empty());

    // A page that ends exactly at the last key has no next page.
    const KvPage exact = store.list("fn", "user:", users[14], 10);
    CHECK(exact.keys.size() == 10);
    CHECK(exact.next.empty());

    CHECK(all_keys(store, "fn", "user:", 1) == users);
    CHECK(all_keys(store, "fn", "user", 7).size() == 27);
    CHECK(all_keys(store, "fn", "", 3).size() == 30);
    CHECK(all_keys(store, "fn", "nothing", 3).empty());
}

TEST_CASE("kv store: keys, values and prefixes of any byte, NUL and 0xff included", "[kv]") {
    ScratchDir dir;
    SqliteKvStore store(dir.path());
    std::string every_byte;
    for (int b = 0; b < 256; ++b)
        every_byte.push_back(static_cast<char>(b));
    const std::string nul_key("k\0a", 3);
    REQUIRE(store.set("fn", nul_key, every_byte) == KvStatus::ok);
    REQUIRE(store.set("fn", "k", "plain") == KvStatus::ok);
    REQUIRE(store.set("fn", std::string("\xff\xff", 2), "high") == KvStatus::ok);
    REQUIRE(store.set("fn", std::string("\xff\xff\x00", 3), "higher") == KvStatus::ok);
    CHECK(store.get("fn", nul_key).value == every_byte);
    CHECK(store.get("fn", "k").value == "plain");
    CHECK(store.get("fn", std::string("k\0", 2)).status == KvStatus::not_found);
    CHECK(all_keys(store, "fn", std::string("k\0", 2), 5) == std::vector<std::string>{nul_key});
    CHECK(all_keys(store, "fn", std::string("\xff", 1), 1) ==
          std::vector<std::string>{std::string("\xff\xff", 2), std::string("\xff\xff\x00", 3)});
    CHECK(store.set(std::string("n\0s", 3), "k", "v") == KvStatus::ok);
    CHECK(store.get("n", "k").status == KvStatus::not_found);
}

TEST_CASE("kv store: key, value, namespace and list limits at limit - 1, limit and limit + 1",
          "[kv]") {
    ScratchDir dir;
    const KvLimits limits;
    SqliteKvStore store(dir.path(), limits);
    for (const std::size_t size : {limits.max_key_bytes - 1, limits.max_key_bytes}) {
        const std::string key(size, 'k');
        CHECK(store.set("fn", key, "v") == KvStatus::ok);
        CHECK(store.get("fn", key).value == "v");
        CHECK(store.list("fn", key, "", 1).keys == std::vector<std::string>{key});
        CHECK(store.remove("fn", key) == KvStatus::ok);
    }
    const std::string long_key(limits.max_key_bytes + 1, 'k');
    CHECK(store.set("fn", long_key, "v") == KvStatus::key_too_large);
    CHECK(store.get("fn", long_key).status == KvStatus::key_too_large);
    CHECK(store.remove("fn", long_key) == KvStatus::key_too_large);
    CHECK(store.list("fn", long_key, "", 1).status == KvStatus::key_too_large);
    CHECK(store.set("fn", "", "v") == KvStatus::invalid);

    for (const std::size_t size : {limits.max_value_bytes - 1, limits.max_value_bytes}) {
        const std::string value(size, 'v');
        CHECK(store.set("fn", "big", value) == KvStatus::ok);
        CHECK(store.get("fn", "big").value == value);
    }
    CHECK(store.set("fn", "big", std::string(limits.max_value_bytes + 1, 'v')) ==
          KvStatus::value_too_large);
    CHECK(store.get("fn", "big").value.size() == limits.max_value_bytes);

    for (const std::size_t size : {limits.max_namespace_bytes - 1, limits.max_namespace_bytes})
        CHECK(store.set(std::string(size, 'n'), "k", "v") == KvStatus::ok);
    CHECK(store.set(std::string(limits.max_namespace_bytes + 1, 'n'), "k", "v") ==
          KvStatus::invalid);
    CHECK(store.get("", "k").status == KvStatus::invalid);

    CHECK(store.list("fn", "", "", limits.max_list_keys - 1).status == KvStatus::ok);
    CHECK(store.list("fn", "", "", limits.max_list_keys).status == KvStatus::ok);
    CHECK(store.list("fn", "", "", limits.max_list_keys + 1).status == KvStatus::invalid);
    CHECK(store.list("fn", "", "", 0).status == KvStatus::invalid);
}

TEST_CASE(
    "kv store: a namespace's quota counts keys and values, frees what is replaced or "
    "removed, and survives a reopen",
    "[kv]") {
    ScratchDir dir;
    const KvLimits limits{.namespace_quota_bytes = 100};
    {
        SqliteKvStore store(dir.path(), limits);
        // 1 + 98 bytes: the quota - 1.
        REQUIRE(store.set("fn", "a", std::string(98, 'v')) == KvStatus::ok);
        // 1 + 0 more: the quota.
        REQUIRE(store.set("fn", "b", "") == KvStatus::ok);
        // 1 + 0 more: the quota + 1.
        CHECK(store.set("fn", "c", "") == KvStatus::over_quota);
        CHECK(store.get("fn", "c").status == KvStatus::not_found);
        // Another namespace has a quota of its own.
        CHECK(store.set("other", "c", std::string(99, 'v')) == KvStatus::ok);
        // Replacing a's 98 bytes with 97 frees one.
        REQUIRE(store.set("fn", "a", std::string(97, 'v')) == KvStatus::ok);
        REQUIRE(store.set("fn", "c", "") == KvStatus::ok);
        CHECK(store.set("fn", "a", std::string(98, 'v')) == KvStatus::over_quota);
        CHECK(store.get("fn", "a").value.size() == 97);
    }
    SqliteKvStore store(dir.path(), limits);
    CHECK(store.set("fn", "d", "") == KvStatus::over_quota);
    REQUIRE(store.remove("fn", "a") == KvStatus::ok);
    CHECK(store.set("fn", "d", std::string(97, 'v')) == KvStatus::ok);
    CHECK(store.set("fn", "e", "") == KvStatus::over_quota);
}

TEST_CASE("kv store: a reopened store has every acknowledged write", "[kv]") {
    ScratchDir dir;
    {
        SqliteKvStore store(dir.path());
        for (int i = 0; i < 100; ++i)
            REQUIRE(store.set("fn", numbered("k", i), numbered("value ", i)) == KvStatus::ok);
        for (int i = 0; i < 100; i += 10)
            REQUIRE(store.remove("fn", numbered("k", i)) == KvStatus::ok);
        REQUIRE(store.set("fn", "k001", "replaced") == KvStatus::ok);
    }
    SqliteKvStore store(dir.path());
    for (int i = 0; i < 100; ++i) {
        const KvValue got = store.get("fn", numbered("k", i));
        if (i % 10 == 0)
            CHECK(got.status == KvStatus::not_found);
        else
            CHECK(got.value == (i == 1 ? "replaced" : numbered("value ", i)));
    }
    CHECK(all_keys(store, "fn", "", 1000).size() == 90);
}

TEST_CASE("kv store: threads that set, get and list at once each read their own last write",
          "[kv]") {
    ScratchDir dir;
    SqliteKvStore store(dir.path());
    constexpr int threads = 4;
    constexpr int writes = 40;
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            const std::string ns = numbered("thread", t);
            for (int i = 0; i < writes; ++i) {
                const std::string key = numbered("k", i % 8);
                const std::string value = numbered("v", i);
                if (store.set(ns, key, value) != KvStatus::ok) ++failures;
                if (store.get(ns, key).value != value) ++failures;
                if (store.list(ns, "", "", 100).status != KvStatus::ok) ++failures;
                if (store.set("shared", numbered("t", t) + numbered(":", i), "x") != KvStatus::ok)
                    ++failures;
            }
        });
    for (std::thread& worker : workers)
        worker.join();
    CHECK(failures == 0);
    CHECK(all_keys(store, "shared", "", 50).size() == threads * writes);
    for (int t = 0; t < threads; ++t)
        CHECK(store.get(numbered("thread", t), "k007").value == numbered("v", writes - 1));
}
