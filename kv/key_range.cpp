// The end of a prefix's range of keys.
#include "kv/key_range.hpp"

namespace ember::kv {

std::optional<std::string> prefix_end(std::string_view prefix) {
    std::string end(prefix);
    // Drop trailing 0xff bytes (they cannot be incremented), then increment
    // the last byte left.
    while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff)
        end.pop_back();
    if (end.empty()) return std::nullopt;
    end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
    return end;
}

}  // namespace ember::kv
