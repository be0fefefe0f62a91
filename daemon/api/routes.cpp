// Route matching against one table, which the API documentation test also
// reads: what the router knows and what docs/openapi.yaml says are compared.
#include "daemon/api/routes.hpp"

#include <array>
#include <optional>
#include <vector>

#include "daemon/config/function_name.hpp"
#include "daemon/records/invocation_id.hpp"

namespace ember::daemon {

namespace {

constexpr std::array<RouteSpec, 14> table = {{
    {"GET", "/healthz", Action::healthz},
    {"GET", "/readyz", Action::readyz},
    {"GET", "/metrics", Action::metrics},
    {"GET", "/v1/functions", Action::list_functions},
    {"GET", "/v1/functions/{name}", Action::describe},
    {"PUT", "/v1/functions/{name}", Action::deploy},
    {"DELETE", "/v1/functions/{name}", Action::remove},
    {"GET", "/v1/functions/{name}/versions", Action::list_versions},
    {"PUT", "/v1/functions/{name}/active", Action::activate},
    {"PUT", "/v1/functions/{name}/env", Action::set_env},
    {"POST", "/v1/functions/{name}/invoke", Action::invoke},
    {"GET", "/v1/functions/{name}/invocations", Action::list_invocations},
    {"GET", "/v1/invocations/{id}", Action::invocation},
    {"GET", "/v1/invocations/{id}/result", Action::invocation_result},
}};

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    path.remove_prefix(1);  // the session checked that it starts with '/'
    while (true) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) return out;
        path.remove_prefix(slash + 1);
    }
}

// Whether `path` fits `pattern`, a placeholder standing for one non-empty
// segment; the placeholders' values go to `route`.
bool matches(std::string_view pattern, const std::vector<std::string_view>& path, Route& route) {
    const std::vector<std::string_view> parts = segments(pattern);
    if (parts.size() != path.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] == "{name}" && !path[i].empty()) {
            route.name = path[i];
        } else if (parts[i] == "{id}" && !path[i].empty()) {
            route.id = path[i];
        } else if (parts[i] != path[i]) {
            return false;
        }
    }
    return true;
}

RouteError no_route(std::string_view path) {
    return {ApiError::route_not_found,
            "no route " + std::string(path) + ": see the API at /v1/functions",
            {}};
}

// Names and ids are checked where they enter: no function can have an
// invalid name, and no invocation an id of another form.
std::optional<RouteError> check_values(const Route& route) {
    if (!route.name.empty() && !valid_function_name(route.name)) {
        if (route.action == Action::deploy) {
            return RouteError{ApiError::invalid_name,
                              "'" + route.name + "' is not a valid function name: use 1 to 63 " +
                                  "of a-z, 0-9, '_' and '-', starting with a letter or digit",
                              {}};
        }
        return RouteError{ApiError::function_not_found, no_function_named(route.name), {}};
    }
    if (!route.id.empty() && !InvocationId::parse(route.id))
        return RouteError{ApiError::invocation_not_found, no_invocation_with_id(route.id), {}};
    return std::nullopt;
}

}  // namespace

std::span<const RouteSpec> route_table() {
    return table;
}

std::variant<Route, RouteError> route(std::string_view method, std::string_view path) {
    const std::vector<std::string_view> parts = segments(path);
    std::string allow;
    for (const RouteSpec& spec : table) {
        Route found{spec.action, {}, {}};
        if (!matches(spec.pattern, parts, found)) continue;
        if (spec.method == method) {
            if (auto error = check_values(found)) return std::move(*error);
            return found;
        }
        allow += (allow.empty() ? "" : ", ") + std::string(spec.method);
    }
    if (allow.empty()) return no_route(path);
    return RouteError{ApiError::method_not_allowed,
                      std::string(method) + " is not allowed on " + std::string(path) +
                          " (allowed: " + allow + ")",
                      allow};
}

bool is_invoke_action(Action action) {
    return action == Action::invoke || action == Action::invocation ||
           action == Action::invocation_result;
}

}  // namespace ember::daemon
