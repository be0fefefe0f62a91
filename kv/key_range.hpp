// The range of byte-string keys that start with a prefix.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ember::kv {

// The smallest byte string greater than every string that starts with
// `prefix`, so that those strings are [prefix, prefix_end) in byte order;
// none when the range is unbounded (an empty prefix, or one of 0xff bytes
// only). E.g. "ab" → "ac", "a\xff" → "b".
std::optional<std::string> prefix_end(std::string_view prefix);

}  // namespace ember::kv
