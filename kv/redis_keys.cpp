// The Redis key names of a namespace and the lexicographic range of a list.
#include "kv/redis_keys.hpp"

#include <optional>

#include "kv/key_range.hpp"

namespace ember::kv {

RedisNamespaceKeys redis_namespace_keys(std::string_view key_prefix, std::string_view ns) {
    std::string base(key_prefix);
    base += std::to_string(ns.size());
    base += ':';
    base += ns;
    base += ':';
    return RedisNamespaceKeys{.values = base + 'v', .index = base + 'i', .bytes = base + 'b'};
}

namespace {

// A ZRANGEBYLEX bound: the marker, then the bytes. Each string is built
// whole, never assigned over: GCC 12 at -O3 reports a false overlap
// (-Wrestrict, its bug 105329) in std::string's replace, which "(" + s and
// assigning a literal both reach.
std::string lex_bound(char marker, std::string_view bytes) {
    std::string bound(1, marker);
    bound.append(bytes);
    return bound;
}

std::string range_min(std::string_view prefix, std::string_view after) {
    // std::string_view compares as unsigned bytes, as Redis does.
    if (!after.empty() && after >= prefix) return lex_bound('(', after);
    if (!prefix.empty()) return lex_bound('[', prefix);
    return std::string(1, '-');
}

std::string range_max(std::string_view prefix) {
    const std::optional<std::string> end = prefix_end(prefix);
    return end ? lex_bound('(', *end) : std::string(1, '+');
}

}  // namespace

RedisLexRange redis_list_range(std::string_view prefix, std::string_view after) {
    return RedisLexRange{range_min(prefix, after), range_max(prefix)};
}

}  // namespace ember::kv
