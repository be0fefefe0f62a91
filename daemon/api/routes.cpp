// Route matching.
#include "daemon/api/routes.hpp"

#include <array>

#include "daemon/config/function_name.hpp"

namespace ember::daemon {

namespace {

constexpr std::string_view functions_prefix = "/v1/functions/";

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
        return Route{r.action, {}};
    }
    return no_route(path);
}

std::variant<Route, RouteError> function_route(std::string_view method, std::string_view path) {
    std::string_view rest = path.substr(functions_prefix.size());
    const bool invoke = rest.ends_with("/invoke");
    if (invoke) rest.remove_suffix(std::string_view("/invoke").size());
    if (rest.empty() || rest.find('/') != std::string_view::npos) return no_route(path);
    std::string name(rest);
    Action action{};
    if (invoke) {
        if (method != "POST") return not_allowed(method, path, "POST");
        action = Action::invoke;
    } else if (method == "PUT") {
        action = Action::deploy;
    } else if (method == "GET") {
        action = Action::describe;
    } else if (method == "DELETE") {
        action = Action::remove;
    } else {
        return not_allowed(method, path, "GET, PUT, DELETE");
    }
    if (!valid_function_name(name)) {
        if (action == Action::deploy) {
            return RouteError{ApiError::invalid_name,
                              "'" + name + "' is not a valid function name: use 1 to 63 of " +
                                  "a-z, 0-9, '_' and '-', starting with a letter or digit",
                              {}};
        }
        return RouteError{ApiError::function_not_found, no_function_named(name), {}};
    }
    return Route{action, std::move(name)};
}

}  // namespace

std::variant<Route, RouteError> route(std::string_view method, std::string_view path) {
    if (path.starts_with(functions_prefix)) return function_route(method, path);
    return fixed_route(method, path);
}

bool is_admin_action(Action action) {
    return action == Action::deploy || action == Action::remove || action == Action::describe ||
           action == Action::list_functions;
}

}  // namespace ember::daemon
