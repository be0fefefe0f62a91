// Function names (docs/api.md): ^[a-z0-9][a-z0-9_-]{0,62}$. They become directory
// names in the store, so nothing else may get that far.
#pragma once

#include <string_view>

namespace ember::daemon {

bool valid_function_name(std::string_view name);

// For error messages: what a name must look like.
inline constexpr std::string_view function_name_rule =
    "1 to 63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";

}  // namespace ember::daemon
