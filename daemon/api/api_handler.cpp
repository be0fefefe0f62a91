// Routing, authorisation and the function-management endpoints.
#include "daemon/api/api_handler.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "capabilities/host_capabilities.hpp"
#include "daemon/api/api_error.hpp"
#include "daemon/api/auth.hpp"
#include "daemon/api/function_description.hpp"
#include "daemon/api/json_response.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/function_env.hpp"
#include "daemon/store/binary_kind.hpp"

namespace ember::daemon {

namespace {

constexpr std::size_t small_body_limit = 64 * 1024;
// The largest env: 100 entries of a 128-byte name and a 4 KiB value, each
// escaped as JSON may (six bytes per byte at worst).
constexpr std::size_t env_body_limit =
    max_env_entries * 6 * (max_env_name_bytes + max_env_value_bytes) + small_body_limit;

http::Response text_response(unsigned status, std::string body, std::string type) {
    http::Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", std::move(type));
    response.body = std::move(body);
    return response;
}

http::Response route_error(const RouteError& error) {
    http::Response response = error_response(error.error, error.message);
    if (!error.allow.empty()) response.headers.emplace_back("Allow", error.allow);
    return response;
}

}  // namespace

ApiHandler::ApiHandler(FunctionRegistry& registry, Executor& admin, Invoker& invoker,
                       Metrics& metrics, RecordStore& records, const DaemonConfig& config,
                       const Readiness& readiness, ServerGaugesFn server)
    : registry_(registry),
      admin_(admin),
      invoke_(registry, admin, invoker, metrics, records, config),
      records_(records, registry),
      versions_(registry, admin, metrics),
      env_(registry, admin, metrics),
      metrics_(metrics),
      config_(config),
      readiness_(readiness),
      server_(std::move(server)) {}

std::size_t ApiHandler::body_limit(const http::Request& head) const {
    const auto found = route(head.method, head.path);
    if (const Route* r = std::get_if<Route>(&found)) {
        if (r->action == Action::deploy) return config_.max_body_bytes;
        if (r->action == Action::invoke) return config_.max_input_bytes;
        if (r->action == Action::set_env) return env_body_limit;
    }
    return small_body_limit;
}

http::Respond ApiHandler::counted(http::Respond respond) {
    return [this, respond = std::move(respond)](http::Response response) {
        metrics_.http_request(response.status);
        respond(std::move(response));
    };
}

std::variant<Route, http::Response> ApiHandler::admit(const http::Request& head) const {
    auto found = route(head.method, head.path);
    if (const RouteError* error = std::get_if<RouteError>(&found)) return route_error(*error);
    Route& r = std::get<Route>(found);
    if (auto denied = authorize(config_.auth, r.action, head)) return route_error(*denied);
    return std::move(r);
}

std::optional<http::Response> ApiHandler::refuse(const http::Request& head) {
    auto admitted = admit(head);
    http::Response* refusal = std::get_if<http::Response>(&admitted);
    if (!refusal) return std::nullopt;
    metrics_.http_request(refusal->status);
    return std::move(*refusal);
}

void ApiHandler::handle(http::Request request, http::Respond respond) {
    respond = counted(std::move(respond));
    auto admitted = admit(request);
    if (auto* refusal = std::get_if<http::Response>(&admitted)) return respond(std::move(*refusal));
    dispatch(std::get<Route>(admitted), std::move(request), std::move(respond));
}

void ApiHandler::dispatch(const Route& r, http::Request request, http::Respond respond) {
    switch (r.action) {
        case Action::healthz:
            return respond(text_response(200, "ok\n", "text/plain"));
        case Action::readyz:
            if (readiness_.ready.load())
                return respond(text_response(200, "ready\n", "text/plain"));
            return respond(error_response(ApiError::unavailable, "emberd is starting or draining"));
        case Action::metrics:
            return respond(metrics());
        case Action::list_functions:
            return respond(list());
        case Action::describe:
            return respond(describe(r.name));
        case Action::deploy:
            return deploy(r.name, std::move(request), std::move(respond));
        case Action::remove:
            return remove(r.name, std::move(respond));
        case Action::list_versions:
            return respond(versions_.list(r.name));
        case Action::activate:
            return versions_.activate(r.name, request, std::move(respond));
        case Action::set_env:
            return env_.set(r.name, request, std::move(respond));
        case Action::invoke:
            return invoke_.handle(r.name, std::move(request), std::move(respond));
        case Action::list_invocations:
            return respond(records_.list(r.name, request));
        case Action::invocation:
            return respond(records_.record(r.id));
        case Action::invocation_result:
            return respond(records_.result(r.id));
    }
}

void ApiHandler::deploy(const std::string& name, http::Request request, http::Respond respond) {
    FunctionConfig function_config;
    try {
        std::map<std::string, std::string> parameters(request.query.begin(), request.query.end());
        function_config = apply_query_parameters(parameters, config_.function_defaults,
                                                 capabilities::HostCapabilities::offered());
        check_limits(function_config, config_.function_limits);
    } catch (const ConfigError& e) {
        return respond(error_response(ApiError::invalid_config, e.what()));
    }
    // A Wasm module is told by its magic number; a body sent as one that
    // lacks it gets the validator's first complaint.
    const std::string* type = request.header("content-type");
    if (type && type->starts_with("application/wasm") &&
        binary_kind_of(std::as_bytes(std::span(request.body))) != BinaryKind::wasm) {
        return respond(
            error_response(ApiError::init_failed,
                           "'" + name + "': wasm: invalid module: magic header not detected"));
    }
    auto body = std::make_shared<std::string>(std::move(request.body));
    const bool posted = admin_.post(name, [this, name, function_config, body, respond] {
        try {
            const auto binary = std::as_bytes(std::span(body->data(), body->size()));
            // Series before the first version serves: none of its calls
            // is counted as a call to an unknown name.
            metrics_.add_function(name);
            const auto deployment = registry_.deploy(name, binary, function_config);
            spdlog::info("deployed {} version {} ({} bytes, sha256 {})", name,
                         deployment->stored.version, deployment->stored.size_bytes,
                         deployment->stored.sha256);
            metrics_.deploy(name, true);
            respond(json_response(201, describe(*deployment)));
        } catch (const DeployError& e) {
            spdlog::warn("deploy of {} refused: {}", name, e.what());
            deploy_failed(name);
            respond(error_response(api_error_of(e.kind()), e.what()));
        } catch (const std::exception& e) {
            spdlog::error("deploy of {} failed: {}", name, e.what());
            deploy_failed(name);
            respond(error_response(ApiError::internal, std::string("deploy failed: ") + e.what()));
        }
    });
    if (!posted) respond(error_response(ApiError::unavailable, "emberd is shutting down"));
}

void ApiHandler::remove(const std::string& name, http::Respond respond) {
    const bool posted = admin_.post(name, [this, name, respond] {
        try {
            if (!registry_.remove(name)) return respond(function_not_found(name));
            spdlog::info("deleted {}", name);
            metrics_.remove_function(name);
            http::Response response;
            response.status = 204;
            respond(std::move(response));
        } catch (const DeployError& e) {
            respond(error_response(api_error_of(e.kind()), e.what()));
        } catch (const std::exception& e) {
            spdlog::error("delete of {} failed: {}", name, e.what());
            respond(error_response(ApiError::internal, std::string("delete failed: ") + e.what()));
        }
    });
    if (!posted) respond(error_response(ApiError::unavailable, "emberd is shutting down"));
}

// A failed deploy of a name that serves no version leaves no series.
void ApiHandler::deploy_failed(const std::string& name) {
    if (!registry_.find(name)) metrics_.remove_function(name);
    metrics_.deploy(name, false);
}

nlohmann::json ApiHandler::describe(const Deployment& deployment) const {
    return daemon::describe(deployment, metrics_.function(deployment.stored.name).get());
}

http::Response ApiHandler::describe(const std::string& name) const {
    const auto deployment = registry_.find(name);
    if (!deployment) return function_not_found(name);
    return json_response(200, describe(*deployment));
}

http::Response ApiHandler::list() const {
    nlohmann::json functions = nlohmann::json::array();
    for (const auto& deployment : registry_.list())
        functions.push_back(describe(*deployment));
    return json_response(200, {{"functions", functions}});
}

http::Response ApiHandler::metrics() const {
    std::vector<PoolGauges> pools;
    for (const auto& deployment : registry_.list()) {
        const pool::PoolStats stats = deployment->pool->stats();
        pools.push_back({deployment->stored.name, deployment->stored.version, stats.ready,
                         stats.busy, stats.creating, stats.queued});
    }
    return text_response(200, metrics_.render(pools, server_()),
                         "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace ember::daemon
