// valid_function_name: the API's name rule, without <regex> (slow, and
// needless for a character class).
#include "daemon/config/function_name.hpp"

namespace ember::daemon {

namespace {

constexpr std::size_t max_name_length = 63;

bool lower_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool valid_function_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length || !lower_or_digit(name.front())) {
        return false;
    }
    for (char c : name) {
        if (!lower_or_digit(c) && c != '_' && c != '-') return false;
    }
    return true;
}

}  // namespace ember::daemon
