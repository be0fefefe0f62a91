// Bearer-token authorisation (docs/api.md, "Authentication"): admin tokens for
// deploy, delete, list and describe; invoke tokens (or admin ones) for
// invocations; health probes always open; metrics open when configured so.
// With no tokens configured at all, everything is open.
#pragma once

#include <optional>
#include <string>

#include "daemon/api/routes.hpp"
#include "daemon/config/daemon_config.hpp"

namespace ember::daemon {

// nullopt when allowed; otherwise unauthorized or forbidden.
std::optional<RouteError> authorize(const AuthConfig& auth, Action action,
                                    const std::string* authorization_header);

}  // namespace ember::daemon
