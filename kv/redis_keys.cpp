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

// A ZRANGEBYLEX bound: the marker, then the bytes. Built by appending: GCC
// 12 at -O3 sees a false overlap (-Wrestrict) in "(" + std::string.
std::string lex_bound(char marker, std::string_view bytes) {
    std::string bound(1, marker);
    bound.append(bytes);
    return bound;
}

}  // namespace

RedisLexRange redis_list_range(std::string_view prefix, std::string_view after) {
    RedisLexRange range;
    // std::string_view compares as unsigned bytes, as Redis does.
    if (!after.empty() && after >= prefix)
        range.min = lex_bound('(', after);
    else if (!prefix.empty())
        range.min = lex_bound('[', prefix);
    else
        range.min = "-";
    const std::optional<std::string> end = prefix_end(prefix);
    range.max = end ? lex_bound('(', *end) : "+";
    return range;
}

}  // namespace ember::kv
