// The REST routes of API.md as a pure function from method and path to an
// action, or to the error a client gets (404, 405 with Allow, 400).
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace ember::daemon {

enum class Action { healthz, readyz, metrics, list_functions, deploy, describe, remove, invoke };

struct Route {
    Action action;
    std::string name;  // the function, for the /v1/functions/{name} routes
};

struct RouteError {
    unsigned status;
    std::string code;
    std::string message;
    std::string allow;  // for 405: the methods the path accepts
};

std::variant<Route, RouteError> route(std::string_view method, std::string_view path);

// Whether the action changes or lists functions (admin) rather than runs them.
bool is_admin_action(Action action);

}  // namespace ember::daemon
