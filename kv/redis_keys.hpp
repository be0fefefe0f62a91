// Where the Redis store keeps a namespace, and the range of its index that
// a list reads: pure functions, with no connection.
#pragma once

#include <string>
#include <string_view>

namespace ember::kv {

// A namespace is three Redis keys, each PREFIX + LENGTH + ":" + NS + ":" and
// one letter:
//   ...:v  a hash, key → value;
//   ...:i  a sorted set of the keys, all of score 0, so that ZRANGEBYLEX
//          lists them in byte order;
//   ...:b  a string, the namespace's bytes (keys + values) for the quota.
// The namespace's length in decimal makes the names of two namespaces
// differ even when one holds ":" or looks like the other with a suffix
// ("a" is "ember:1:a:v", "a:1:a" is "ember:5:a:1:a:v"). Redis deletes the
// hash and the set when they become empty; the store deletes the counter
// when it reaches 0, so an emptied namespace leaves no key behind.
struct RedisNamespaceKeys {
    std::string values;
    std::string index;
    std::string bytes;
};

RedisNamespaceKeys redis_namespace_keys(std::string_view key_prefix, std::string_view ns);

// ZRANGEBYLEX's min and max for the keys that start with `prefix` and sort
// after `after` (empty: from the first): "[x" includes x, "(x" excludes it,
// "-" and "+" are the ends of the set.
struct RedisLexRange {
    std::string min;
    std::string max;
};

RedisLexRange redis_list_range(std::string_view prefix, std::string_view after);

}  // namespace ember::kv
