// Who may do what (docs/api.md, "Authentication"). With tokens configured:
// admin tokens for deploy, delete, list and describe; invoke tokens (or
// admin ones) for invocations; health probes always open; metrics open when
// configured so. With no tokens, only the machine itself may ask: a request
// must name a loopback Host (unless the operator allowed otherwise with
// --allow-unauthenticated) and carry no Origin, so that a web page (DNS
// rebinding, a cross-site form) cannot reach a daemon on 127.0.0.1.
#pragma once

#include <optional>
#include <string>

#include "daemon/api/routes.hpp"
#include "daemon/config/daemon_config.hpp"
#include "http/message.hpp"

namespace ember::daemon {

// nullopt when allowed; otherwise unauthorized or forbidden.
std::optional<RouteError> authorize(const AuthConfig& auth, Action action,
                                    const http::Request& head);

// localhost, 127.0.0.1 or [::1], with or without a port.
bool is_loopback_host(std::string_view host);

}  // namespace ember::daemon
