// "a, b, c": for messages that list what exists or would have been accepted.
#pragma once

#include <string>
#include <string_view>

namespace ember {

template <typename Items, typename NameOf>
std::string join_names(const Items& items, NameOf name_of) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) joined += ", ";
        joined += name_of(item);
    }
    return joined;
}

// For items that are names already (strings, string_views).
template <typename Items>
std::string join_names(const Items& items) {
    return join_names(items, [](std::string_view name) { return name; });
}

}  // namespace ember
