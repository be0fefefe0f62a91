#include "kv/redis_keys.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace ember::kv;

TEST_CASE("redis keys: a namespace's three keys carry its length, so no two namespaces meet",
          "[kv]") {
    const RedisNamespaceKeys keys = redis_namespace_keys("ember:", "fn");
    CHECK(keys.values == "ember:2:fn:v");
    CHECK(keys.index == "ember:2:fn:i");
    CHECK(keys.bytes == "ember:2:fn:b");
    std::set<std::string> names;
    for (const std::string ns : {"a", "a:", "a:1:a", "1:a", "a:v", "a:i", "2:a:", "a:1"}) {
        const RedisNamespaceKeys of = redis_namespace_keys("ember:", ns);
        for (const std::string& name : {of.values, of.index, of.bytes})
            CHECK(names.insert(name).second);
    }
    CHECK(redis_namespace_keys("", std::string("n\0s", 3)).values == std::string("3:n\0s:v", 7));
}

TEST_CASE("redis keys: a list's range starts at the prefix or after the cursor", "[kv]") {
    CHECK(redis_list_range("", "").min == "-");
    CHECK(redis_list_range("", "").max == "+");
    CHECK(redis_list_range("user:", "").min == "[user:");
    CHECK(redis_list_range("user:", "").max == "(user;");
    CHECK(redis_list_range("user:", "user:007").min == "(user:007");
    // A cursor before the prefix's keys does not widen the range.
    CHECK(redis_list_range("user:", "a").min == "[user:");
    CHECK(redis_list_range("", "a").min == "(a");
    const RedisLexRange high = redis_list_range(std::string("\xff\xff", 2), "");
    CHECK(high.min == std::string("[\xff\xff", 3));
    CHECK(high.max == "+");
    CHECK(redis_list_range(std::string("a\xff", 2), "").max == "(b");
}
