#include "kv/kv_limits.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ember::kv;

TEST_CASE("kv limits: key at 511, 512 and 513 bytes, and empty", "[kv]") {
    const KvLimits limits;
    CHECK(check_key(limits, std::string(511, 'k')) == KvStatus::ok);
    CHECK(check_key(limits, std::string(512, 'k')) == KvStatus::ok);
    CHECK(check_key(limits, std::string(513, 'k')) == KvStatus::key_too_large);
    CHECK(check_key(limits, "") == KvStatus::invalid);
}

TEST_CASE("kv limits: value at 1 MiB - 1, 1 MiB and 1 MiB + 1, and empty", "[kv]") {
    const KvLimits limits;
    CHECK(check_value(limits, std::string(1024 * 1024 - 1, 'v')) == KvStatus::ok);
    CHECK(check_value(limits, std::string(1024 * 1024, 'v')) == KvStatus::ok);
    CHECK(check_value(limits, std::string(1024 * 1024 + 1, 'v')) == KvStatus::value_too_large);
    CHECK(check_value(limits, "") == KvStatus::ok);
}

TEST_CASE("kv limits: namespace empty, at its limit and above", "[kv]") {
    const KvLimits limits{.max_namespace_bytes = 8};
    CHECK(check_namespace(limits, "") == KvStatus::invalid);
    CHECK(check_namespace(limits, "12345678") == KvStatus::ok);
    CHECK(check_namespace(limits, "123456789") == KvStatus::invalid);
}

TEST_CASE("kv limits: a list's limit, prefix and cursor", "[kv]") {
    const KvLimits limits{.max_key_bytes = 4, .max_list_keys = 10};
    CHECK(check_list(limits, "", "", 0) == KvStatus::invalid);
    CHECK(check_list(limits, "", "", 9) == KvStatus::ok);
    CHECK(check_list(limits, "", "", 10) == KvStatus::ok);
    CHECK(check_list(limits, "", "", 11) == KvStatus::invalid);
    CHECK(check_list(limits, "abcd", "abcd", 1) == KvStatus::ok);
    CHECK(check_list(limits, "abcde", "", 1) == KvStatus::key_too_large);
    CHECK(check_list(limits, "", "abcde", 1) == KvStatus::key_too_large);
}
