// `ember exec`: runs one call of a guest binary locally, without a daemon.
#pragma once

#include <span>
#include <string_view>

namespace ember::cli {

// Returns the process exit status: 0 success, 1 guest error, 2 usage error,
// 3 the binary could not be loaded or initialised, 4 the guest replied with
// an HTTP status of 400 or above.
int exec_command(std::span<const std::string_view> args);

}  // namespace ember::cli
