// The REST routes of docs/api.md as a pure function from method and path to an
// action, or to the error a client gets (not found, method not allowed with
// Allow, invalid name).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "daemon/api/api_error.hpp"

namespace ember::daemon {

enum class Action {
    healthz,
    readyz,
    metrics,
    list_functions,
    deploy,
    describe,
    remove,
    list_versions,
    activate,
    set_env,
    invoke,
    list_invocations,
    invocation,
    invocation_result,
};

struct Route {
    Action action;
    std::string name;  // the function, for the /v1/functions/{name} routes
    std::string id;    // the invocation id, for the /v1/invocations/{id} routes
};

struct RouteError {
    ApiError error;
    std::string message;
    std::string allow;  // for method_not_allowed: the methods the path accepts
};

// One route: a method and a path pattern whose {name} and {id} stand for a
// function name and an invocation id.
struct RouteSpec {
    std::string_view method;
    std::string_view pattern;
    Action action;
};

// Every route the API has, in the order in which Allow lists methods.
std::span<const RouteSpec> route_table();

// `path` starts with '/' (the session checks that).
std::variant<Route, RouteError> route(std::string_view method, std::string_view path);

// What an invoke token may do: run a call, and read the record and result
// of a call whose id it was given. Everything else that is not a probe
// needs an admin token.
bool is_invoke_action(Action action);

}  // namespace ember::daemon
