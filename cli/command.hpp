// What every `ember` command shares: the action its parsed arguments leave
// behind, the usage error, and the exit statuses (docs/cli.md lists them).
#pragma once

#include <functional>
#include <string>

namespace ember::cli {

// Set by a command's parse callback, run by main once parsing succeeded;
// returns the exit status.
using Action = std::function<int()>;

// Arguments CLI11 accepts but the command cannot use (a bad --url, say).
struct UsageError {
    std::string message;
};

namespace exit_status {
inline constexpr int ok = 0;
// emberd answered with an error, or with something the client cannot read.
inline constexpr int server_error = 1;
inline constexpr int usage = 2;
// emberd could not be reached or broke the connection before it answered, or
// a local file could not be read.
inline constexpr int unreachable = 3;
// `ember invoke`: the function's own reply has a status of 400 or above.
inline constexpr int function_status = 4;
}  // namespace exit_status

}  // namespace ember::cli
