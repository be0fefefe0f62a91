// Setting a function's env. Nothing here logs a value: secrets are among them.
#include "daemon/api/env_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "daemon/api/api_error.hpp"
#include "daemon/api/function_description.hpp"
#include "daemon/api/json_response.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/function_env.hpp"

namespace ember::daemon {

EnvEndpoint::EnvEndpoint(FunctionRegistry& registry, Executor& admin, Metrics& metrics)
    : registry_(registry), admin_(admin), metrics_(metrics) {}

void EnvEndpoint::set(const std::string& name, const http::Request& request,
                      http::Respond respond) {
    FunctionEnv env;
    try {
        const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_discarded()) {
            return respond(
                error_response(ApiError::invalid_request,
                               "the body must be JSON: {\"values\": {...}, \"secrets\": {...}}"));
        }
        env = function_env_from_json(body);
    } catch (const ConfigError& e) {
        return respond(error_response(ApiError::invalid_request, e.what()));
    }
    const bool posted = admin_.post(name, [this, name, env = std::move(env), respond] {
        try {
            const auto deployment = registry_.set_env(name, env);
            spdlog::info("{} version {} serves a new env ({} values, {} secrets)", name,
                         deployment->stored.version, env.values.size(), env.secrets.size());
            respond(json_response(201, describe(*deployment, metrics_.function(name).get())));
        } catch (const DeployError& e) {
            spdlog::warn("setting the env of {} refused: {}", name, e.what());
            respond(error_response(api_error_of(e.kind()), e.what()));
        } catch (const std::exception& e) {
            spdlog::error("setting the env of {} failed: {}", name, e.what());
            respond(
                error_response(ApiError::internal, std::string("env change failed: ") + e.what()));
        }
    });
    if (!posted) respond(error_response(ApiError::unavailable, "emberd is shutting down"));
}

}  // namespace ember::daemon
