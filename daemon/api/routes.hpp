// The REST routes of docs/api.md as a pure function from method and path to an
// action, or to the error a client gets (not found, method not allowed with
// Allow, invalid name).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "daemon/api/api_error.hpp"

namespace ember::daemon {

enum class Action { healthz, readyz, metrics, list_functions, deploy, describe, remove, invoke };

struct Route {
    Action action;
    std::string name;  // the function, for the /v1/functions/{name} routes
};

struct RouteError {
    ApiError error;
    std::string message;
    std::string allow;  // for method_not_allowed: the methods the path accepts
};

std::variant<Route, RouteError> route(std::string_view method, std::string_view path);

// Whether the action changes or lists functions (admin) rather than runs them.
bool is_admin_action(Action action);

}  // namespace ember::daemon
