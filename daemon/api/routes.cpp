// Route matching.
#include "daemon/api/routes.hpp"

#include <algorithm>
#include <array>

#include "daemon/config/function_name.hpp"
#include "daemon/records/invocation_id.hpp"

namespace ember::daemon {

namespace {

constexpr std::string_view functions_prefix = "/v1/functions/";
constexpr std::string_view invocations_prefix = "/v1/invocations/";

RouteError not_allowed(std::string_view method, std::string_view path, std::string allow) {
    return {ApiError::method_not_allowed,
            std::string(method) + " is not allowed on " + std::string(path) +
                " (allowed: " + allow + ")",
            allow};
}

RouteError no_route(std::string_view path) {
    return {ApiError::route_not_found,
            "no route " + std::string(path) + ": see the API at /v1/functions",
            {}};
}

std::variant<Route, RouteError> fixed_route(std::string_view method, std::string_view path) {
    struct Fixed {
        std::string_view path;
        std::string_view method;
        Action action;
    };
    static constexpr std::array<Fixed, 4> routes = {{
        {"/healthz", "GET", Action::healthz},
        {"/readyz", "GET", Action::readyz},
        {"/metrics", "GET", Action::metrics},
        {"/v1/functions", "GET", Action::list_functions},
    }};
    for (const Fixed& r : routes) {
        if (r.path != path) continue;
        if (r.method != method) return not_allowed(method, path, std::string(r.method));
        return Route{r.action, {}, {}};
    }
    return no_route(path);
}

// The routes below /v1/functions/{name}/: one method each.
struct FunctionSubroute {
    std::string_view suffix;
    std::string_view method;
    Action action;
};
constexpr std::array<FunctionSubroute, 2> function_subroutes = {{
    {"/invoke", "POST", Action::invoke},
    {"/invocations", "GET", Action::list_invocations},
}};

RouteError invalid_name(const std::string& name) {
    return {ApiError::invalid_name,
            "'" + name + "' is not a valid function name: use 1 to 63 of " +
                "a-z, 0-9, '_' and '-', starting with a letter or digit",
            {}};
}

std::variant<Route, RouteError> function_route(std::string_view method, std::string_view path) {
    std::string_view rest = path.substr(functions_prefix.size());
    const auto slash = rest.find('/');
    const std::string name(rest.substr(0, slash));
    if (name.empty()) return no_route(path);
    Action action{};
    if (slash == std::string_view::npos) {
        if (method == "PUT") {
            action = Action::deploy;
        } else if (method == "GET") {
            action = Action::describe;
        } else if (method == "DELETE") {
            action = Action::remove;
        } else {
            return not_allowed(method, path, "GET, PUT, DELETE");
        }
    } else {
        const std::string_view suffix = rest.substr(slash);
        const auto sub =
            std::find_if(function_subroutes.begin(), function_subroutes.end(),
                         [&](const FunctionSubroute& r) { return r.suffix == suffix; });
        if (sub == function_subroutes.end()) return no_route(path);
        if (sub->method != method) return not_allowed(method, path, std::string(sub->method));
        action = sub->action;
    }
    if (!valid_function_name(name)) {
        if (action == Action::deploy) return invalid_name(name);
        return RouteError{ApiError::function_not_found, no_function_named(name), {}};
    }
    return Route{action, name, {}};
}

std::variant<Route, RouteError> invocation_route(std::string_view method, std::string_view path) {
    std::string_view rest = path.substr(invocations_prefix.size());
    const bool result = rest.ends_with("/result");
    if (result) rest.remove_suffix(std::string_view("/result").size());
    if (rest.empty() || rest.find('/') != std::string_view::npos) return no_route(path);
    if (method != "GET") return not_allowed(method, path, "GET");
    if (!InvocationId::parse(rest))
        return RouteError{ApiError::invocation_not_found, no_invocation_with_id(rest), {}};
    return Route{result ? Action::invocation_result : Action::invocation, {}, std::string(rest)};
}

}  // namespace

std::variant<Route, RouteError> route(std::string_view method, std::string_view path) {
    if (path.starts_with(functions_prefix)) return function_route(method, path);
    if (path.starts_with(invocations_prefix)) return invocation_route(method, path);
    return fixed_route(method, path);
}

bool is_invoke_action(Action action) {
    return action == Action::invoke || action == Action::invocation ||
           action == Action::invocation_result;
}

}  // namespace ember::daemon
