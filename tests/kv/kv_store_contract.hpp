// The KvStore contract (kv/kv_store.hpp) as tests that every backend runs:
// a backend's test file defines a Backend and instantiates them with
// EMBER_KV_STORE_CONTRACT_TESTS(Backend, "name", "[tags]").
//
// A Backend is default-constructible (it makes what its stores need: a
// directory, a server) and has
//   std::unique_ptr<KvStore> open(KvLimits limits = {});
// where every store it opens sees the same data, as a store reopened on the
// same directory or server does.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kv/kv_store.hpp"

namespace ember::kv::test {

inline std::string numbered(const char* prefix, int i) {
    char text[64];
    std::snprintf(text, sizeof text, "%s%03d", prefix, i);
    return text;
}

// Every key of `prefix` in `ns`, page by page.
inline std::vector<std::string> all_keys(KvStore& store, std::string_view ns,
                                         std::string_view prefix, std::size_t page_size) {
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

template <typename Backend>
void set_get_replace_remove() {
    Backend backend;
    const auto store = backend.open();
    CHECK(store->get("fn", "visits").status == KvStatus::not_found);
    REQUIRE(store->set("fn", "visits", "1") == KvStatus::ok);
    CHECK(store->get("fn", "visits").value == "1");
    REQUIRE(store->set("fn", "visits", "22") == KvStatus::ok);
    const KvValue got = store->get("fn", "visits");
    CHECK(got.status == KvStatus::ok);
    CHECK(got.value == "22");
    CHECK(store->remove("fn", "visits") == KvStatus::ok);
    CHECK(store->get("fn", "visits").status == KvStatus::not_found);
    CHECK(store->remove("fn", "visits") == KvStatus::not_found);
    REQUIRE(store->set("fn", "empty", "") == KvStatus::ok);
    CHECK(store->get("fn", "empty").status == KvStatus::ok);
    CHECK(store->get("fn", "empty").value.empty());
}

template <typename Backend>
void namespaces_are_separate() {
    Backend backend;
    const auto store = backend.open();
    REQUIRE(store->set("a", "key", "in a") == KvStatus::ok);
    REQUIRE(store->set("b", "key", "in b") == KvStatus::ok);
    REQUIRE(store->set("ab", "only", "x") == KvStatus::ok);
    CHECK(store->get("a", "key").value == "in a");
    CHECK(store->get("b", "key").value == "in b");
    CHECK(store->get("a", "only").status == KvStatus::not_found);
    REQUIRE(store->remove("a", "key") == KvStatus::ok);
    CHECK(store->get("b", "key").value == "in b");
    CHECK(all_keys(*store, "b", "", 10) == std::vector<std::string>{"key"});
    CHECK(all_keys(*store, "a", "", 10).empty());
    // Namespaces that hold what a backend might use to join a namespace to
    // a key, or that look like another with its separator and length.
    const std::vector<std::string> tricky = {"x",
                                             "x:",
                                             "x:1",
                                             "1:x",
                                             "x:v",
                                             "x:i",
                                             "x:b",
                                             std::string("x\0", 2),
                                             std::string("x\0y", 3),
                                             ":",
                                             "2:x:"};
    for (const std::string& ns : tricky)
        REQUIRE(store->set(ns, "k", ns) == KvStatus::ok);
    for (const std::string& ns : tricky) {
        CHECK(store->get(ns, "k").value == ns);
        CHECK(all_keys(*store, ns, "", 10) == std::vector<std::string>{"k"});
    }
}

template <typename Backend>
void list_by_prefix_in_pages() {
    Backend backend;
    const auto store = backend.open();
    std::vector<std::string> users;
    for (int i = 0; i < 25; ++i) {
        users.push_back(numbered("user:", i));
        REQUIRE(store->set("fn", users.back(), "v") == KvStatus::ok);
    }
    for (const char* other : {"user", "users", "usex", "a", "zzz"})
        REQUIRE(store->set("fn", other, "v") == KvStatus::ok);

    const KvPage first = store->list("fn", "user:", "", 10);
    REQUIRE(first.status == KvStatus::ok);
    CHECK(first.keys == std::vector<std::string>(users.begin(), users.begin() + 10));
    CHECK(first.next == users[9]);
    const KvPage second = store->list("fn", "user:", first.next, 10);
    CHECK(second.keys == std::vector<std::string>(users.begin() + 10, users.begin() + 20));
    const KvPage last = store->list("fn", "user:", second.next, 10);
    CHECK(last.keys == std::vector<std::string>(users.begin() + 20, users.end()));
    CHECK(last.next.empty());

    // A page that ends exactly at the last key has no next page.
    const KvPage exact = store->list("fn", "user:", users[14], 10);
    CHECK(exact.keys.size() == 10);
    CHECK(exact.next.empty());

    CHECK(all_keys(*store, "fn", "user:", 1) == users);
    CHECK(all_keys(*store, "fn", "user", 7).size() == 27);
    CHECK(all_keys(*store, "fn", "", 3).size() == 30);
    CHECK(all_keys(*store, "fn", "nothing", 3).empty());
}

template <typename Backend>
void any_byte() {
    Backend backend;
    const auto store = backend.open();
    std::string every_byte;
    for (int b = 0; b < 256; ++b)
        every_byte.push_back(static_cast<char>(b));
    const std::string nul_key("k\0a", 3);
    REQUIRE(store->set("fn", nul_key, every_byte) == KvStatus::ok);
    REQUIRE(store->set("fn", "k", "plain") == KvStatus::ok);
    REQUIRE(store->set("fn", std::string("\xff\xff", 2), "high") == KvStatus::ok);
    REQUIRE(store->set("fn", std::string("\xff\xff\x00", 3), "higher") == KvStatus::ok);
    REQUIRE(store->set("fn", every_byte, every_byte) == KvStatus::ok);
    CHECK(store->get("fn", nul_key).value == every_byte);
    CHECK(store->get("fn", every_byte).value == every_byte);
    CHECK(store->get("fn", "k").value == "plain");
    CHECK(store->get("fn", std::string("k\0", 2)).status == KvStatus::not_found);
    CHECK(all_keys(*store, "fn", std::string("k\0", 2), 5) == std::vector<std::string>{nul_key});
    CHECK(all_keys(*store, "fn", std::string("\xff", 1), 1) ==
          std::vector<std::string>{std::string("\xff\xff", 2), std::string("\xff\xff\x00", 3)});
    CHECK(store->set(std::string("n\0s", 3), "k", "v") == KvStatus::ok);
    CHECK(store->get("n", "k").status == KvStatus::not_found);
    CHECK(store->set(every_byte, every_byte, every_byte) == KvStatus::ok);
    CHECK(store->get(every_byte, every_byte).value == every_byte);
}

// Keys of bytes from both halves of the byte range, listed under prefixes
// that hold 0xff, and compared with std::string's order (unsigned bytes).
template <typename Backend>
void list_in_byte_order() {
    Backend backend;
    const auto store = backend.open();
    const std::string alphabet("\x00\x01\x61\x7f\x80\xfe\xff", 7);
    std::mt19937 random(14);
    std::set<std::string> keys;
    while (keys.size() < 300) {
        std::string key(1 + random() % 4, '\0');
        for (char& byte : key)
            byte = alphabet[random() % alphabet.size()];
        keys.insert(key);
    }
    for (const std::string& key : keys)
        REQUIRE(store->set("bytes", key, "v") == KvStatus::ok);
    const std::string prefixes[] = {
        "", "\xff", "\xff\xff", "\x61\xff", std::string(1, '\0'), "\x80", "\x7f\xff\xff"};
    for (const std::string& prefix : prefixes) {
        std::vector<std::string> expected;
        for (const std::string& key : keys)
            if (key.starts_with(prefix)) expected.push_back(key);
        for (const std::size_t page_size : {1, 7, 1000}) {
            INFO("prefix of " << prefix.size() << " bytes, pages of " << page_size);
            CHECK(all_keys(*store, "bytes", prefix, page_size) == expected);
        }
    }
}

template <typename Backend>
void limits() {
    Backend backend;
    const KvLimits limits;
    const auto store = backend.open(limits);
    for (const std::size_t size : {limits.max_key_bytes - 1, limits.max_key_bytes}) {
        const std::string key(size, 'k');
        CHECK(store->set("fn", key, "v") == KvStatus::ok);
        CHECK(store->get("fn", key).value == "v");
        CHECK(store->list("fn", key, "", 1).keys == std::vector<std::string>{key});
        CHECK(store->remove("fn", key) == KvStatus::ok);
    }
    const std::string long_key(limits.max_key_bytes + 1, 'k');
    CHECK(store->set("fn", long_key, "v") == KvStatus::key_too_large);
    CHECK(store->get("fn", long_key).status == KvStatus::key_too_large);
    CHECK(store->remove("fn", long_key) == KvStatus::key_too_large);
    CHECK(store->list("fn", long_key, "", 1).status == KvStatus::key_too_large);
    CHECK(store->set("fn", "", "v") == KvStatus::invalid);

    for (const std::size_t size : {limits.max_value_bytes - 1, limits.max_value_bytes}) {
        const std::string value(size, 'v');
        CHECK(store->set("fn", "big", value) == KvStatus::ok);
        CHECK(store->get("fn", "big").value == value);
    }
    CHECK(store->set("fn", "big", std::string(limits.max_value_bytes + 1, 'v')) ==
          KvStatus::value_too_large);
    CHECK(store->get("fn", "big").value.size() == limits.max_value_bytes);

    for (const std::size_t size : {limits.max_namespace_bytes - 1, limits.max_namespace_bytes})
        CHECK(store->set(std::string(size, 'n'), "k", "v") == KvStatus::ok);
    CHECK(store->set(std::string(limits.max_namespace_bytes + 1, 'n'), "k", "v") ==
          KvStatus::invalid);
    CHECK(store->get("", "k").status == KvStatus::invalid);

    CHECK(store->list("fn", "", "", limits.max_list_keys - 1).status == KvStatus::ok);
    CHECK(store->list("fn", "", "", limits.max_list_keys).status == KvStatus::ok);
    CHECK(store->list("fn", "", "", limits.max_list_keys + 1).status == KvStatus::invalid);
    CHECK(store->list("fn", "", "", 0).status == KvStatus::invalid);
}

template <typename Backend>
void quota() {
    Backend backend;
    const KvLimits limits{.namespace_quota_bytes = 100};
    {
        const auto store = backend.open(limits);
        // 1 + 98 bytes: the quota - 1.
        REQUIRE(store->set("fn", "a", std::string(98, 'v')) == KvStatus::ok);
        // 1 + 0 more: the quota.
        REQUIRE(store->set("fn", "b", "") == KvStatus::ok);
        // 1 + 0 more: the quota + 1.
        CHECK(store->set("fn", "c", "") == KvStatus::over_quota);
        CHECK(store->get("fn", "c").status == KvStatus::not_found);
        // Another namespace has a quota of its own.
        CHECK(store->set("other", "c", std::string(99, 'v')) == KvStatus::ok);
        // Replacing a's 98 bytes with 97 frees one.
        REQUIRE(store->set("fn", "a", std::string(97, 'v')) == KvStatus::ok);
        REQUIRE(store->set("fn", "c", "") == KvStatus::ok);
        CHECK(store->set("fn", "a", std::string(98, 'v')) == KvStatus::over_quota);
        CHECK(store->get("fn", "a").value.size() == 97);
    }
    const auto store = backend.open(limits);
    CHECK(store->set("fn", "d", "") == KvStatus::over_quota);
    REQUIRE(store->remove("fn", "a") == KvStatus::ok);
    CHECK(store->set("fn", "d", std::string(97, 'v')) == KvStatus::ok);
    CHECK(store->set("fn", "e", "") == KvStatus::over_quota);
    // Emptied, the namespace holds its whole quota again.
    for (const char* key : {"b", "c", "d"})
        REQUIRE(store->remove("fn", key) == KvStatus::ok);
    CHECK(store->set("fn", "f", std::string(99, 'v')) == KvStatus::ok);
}

// Two writers race for one namespace's quota: exactly as many sets succeed
// as fit, whichever thread makes them, and the bytes stay counted right.
template <typename Backend>
void quota_under_concurrent_writers() {
    Backend backend;
    constexpr int entry_bytes = 20;  // a key of 4 bytes and a value of 16
    const KvLimits limits{.namespace_quota_bytes = 50 * entry_bytes};
    const auto store = backend.open(limits);
    std::atomic<int> stored{0};
    std::atomic<int> refused{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> writers;
    for (const char* name : {"a", "b"})
        writers.emplace_back([&, name] {
            for (int i = 0; i < 100; ++i) {
                switch (store->set("shared", numbered(name, i), std::string(16, 'v'))) {
                    case KvStatus::ok:
                        ++stored;
                        break;
                    case KvStatus::over_quota:
                        ++refused;
                        break;
                    default:
                        ++failed;
                        break;
                }
            }
        });
    for (std::thread& writer : writers)
        writer.join();
    CHECK(failed == 0);
    CHECK(stored == 50);
    CHECK(refused == 150);
    const std::vector<std::string> keys = all_keys(*store, "shared", "", 1000);
    REQUIRE(keys.size() == 50);
    for (const std::string& key : keys)
        REQUIRE(store->remove("shared", key) == KvStatus::ok);
    for (int i = 0; i < 50; ++i)
        REQUIRE(store->set("shared", numbered("c", i), std::string(16, 'v')) == KvStatus::ok);
    CHECK(store->set("shared", "last", "") == KvStatus::over_quota);
}

template <typename Backend>
void reopened_store_has_every_write() {
    Backend backend;
    {
        const auto store = backend.open();
        for (int i = 0; i < 100; ++i)
            REQUIRE(store->set("fn", numbered("k", i), numbered("value ", i)) == KvStatus::ok);
        for (int i = 0; i < 100; i += 10)
            REQUIRE(store->remove("fn", numbered("k", i)) == KvStatus::ok);
        REQUIRE(store->set("fn", "k001", "replaced") == KvStatus::ok);
    }
    const auto store = backend.open();
    for (int i = 0; i < 100; ++i) {
        const KvValue got = store->get("fn", numbered("k", i));
        if (i % 10 == 0)
            CHECK(got.status == KvStatus::not_found);
        else
            CHECK(got.value == (i == 1 ? "replaced" : numbered("value ", i)));
    }
    CHECK(all_keys(*store, "fn", "", 1000).size() == 90);
}

template <typename Backend>
void threads_read_their_own_writes() {
    Backend backend;
    const auto store = backend.open();
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
                if (store->set(ns, key, value) != KvStatus::ok) ++failures;
                if (store->get(ns, key).value != value) ++failures;
                if (store->list(ns, "", "", 100).status != KvStatus::ok) ++failures;
                if (store->set("shared", numbered("t", t) + numbered(":", i), "x") != KvStatus::ok)
                    ++failures;
            }
        });
    for (std::thread& worker : workers)
        worker.join();
    CHECK(failures == 0);
    CHECK(all_keys(*store, "shared", "", 50).size() == threads * writes);
    for (int t = 0; t < threads; ++t)
        CHECK(store->get(numbered("thread", t), "k007").value == numbered("v", writes - 1));
}

}  // namespace ember::kv::test

// The contract's test cases for one backend, named "NAME: ..." and tagged
// TAGS. Their bodies are the functions above, so that a failure points at
// the check that failed.
#define EMBER_KV_STORE_CONTRACT_TESTS(Backend, name, tags)                                      \
    TEST_CASE(name ": set, get, replace and remove a key", tags) {                              \
        ::ember::kv::test::set_get_replace_remove<Backend>();                                   \
    }                                                                                           \
    TEST_CASE(name ": namespaces are separate key spaces", tags) {                              \
        ::ember::kv::test::namespaces_are_separate<Backend>();                                  \
    }                                                                                           \
    TEST_CASE(name ": list by prefix, page by page", tags) {                                    \
        ::ember::kv::test::list_by_prefix_in_pages<Backend>();                                  \
    }                                                                                           \
    TEST_CASE(name ": keys, values and prefixes of any byte, NUL and 0xff included", tags) {    \
        ::ember::kv::test::any_byte<Backend>();                                                 \
    }                                                                                           \
    TEST_CASE(name ": list pages follow byte order under prefixes that hold 0xff", tags) {      \
        ::ember::kv::test::list_in_byte_order<Backend>();                                       \
    }                                                                                           \
    TEST_CASE(name ": key, value, namespace and list limits at limit - 1, limit and limit + 1", \
              tags) {                                                                           \
        ::ember::kv::test::limits<Backend>();                                                   \
    }                                                                                           \
    TEST_CASE(name                                                                              \
              ": a namespace's quota counts keys and values, frees what is replaced or "        \
              "removed, and survives a reopen",                                                 \
              tags) {                                                                           \
        ::ember::kv::test::quota<Backend>();                                                    \
    }                                                                                           \
    TEST_CASE(name ": two writers racing for a quota get exactly what fits", tags) {            \
        ::ember::kv::test::quota_under_concurrent_writers<Backend>();                           \
    }                                                                                           \
    TEST_CASE(name ": a reopened store has every acknowledged write", tags) {                   \
        ::ember::kv::test::reopened_store_has_every_write<Backend>();                           \
    }                                                                                           \
    TEST_CASE(name ": threads that set, get and list at once each read their own last write",   \
              tags) {                                                                           \
        ::ember::kv::test::threads_read_their_own_writes<Backend>();                            \
    }
