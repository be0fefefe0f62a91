// Ember's version, from the project() line of the top-level CMakeLists.txt.
#pragma once

#include <string_view>

namespace ember {

inline constexpr std::string_view version = EMBER_VERSION;

}  // namespace ember
