// The daemon's owned file descriptor: the sandbox layer's, which ember_daemon
// links anyway.
#pragma once

#include "sandbox/unique_fd.hpp"

namespace ember::daemon {

using sandbox::UniqueFd;

}  // namespace ember::daemon
