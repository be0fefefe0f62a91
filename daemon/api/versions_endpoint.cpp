// Listing and activating versions.
#include "daemon/api/versions_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "daemon/api/api_error.hpp"
#include "daemon/api/function_description.hpp"
#include "daemon/api/json_response.hpp"
#include "daemon/config/function_config.hpp"

namespace ember::daemon {

namespace {

// {"version": N} and nothing else, N a stored version's number (1 and up).
std::optional<uint32_t> requested_version(const std::string& body, std::string& problem) {
    const nlohmann::json request = nlohmann::json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
        problem = "the body must be a JSON object: {\"version\": N}";
        return std::nullopt;
    }
    for (const auto& [key, value] : request.items()) {
        if (key != "version") {
            problem = "unknown key '" + key + "': the body is {\"version\": N}";
            return std::nullopt;
        }
    }
    const auto found = request.find("version");
    if (found == request.end() || !found->is_number_unsigned() || found->get<uint64_t>() < 1 ||
        found->get<uint64_t>() > UINT32_MAX) {
        problem = "\"version\" must be a version number (1, 2, ...)";
        return std::nullopt;
    }
    return found->get<uint32_t>();
}

}  // namespace

VersionsEndpoint::VersionsEndpoint(FunctionRegistry& registry, Executor& admin, Metrics& metrics)
    : registry_(registry), admin_(admin), metrics_(metrics) {}

http::Response VersionsEndpoint::list(const std::string& name) const {
    const auto active = registry_.find(name);
    if (!active) return function_not_found(name);
    nlohmann::json versions = nlohmann::json::array();
    for (const StoredFunction& stored : registry_.versions(name)) {
        versions.push_back({
            {"version", stored.version},
            {"active", stored.version == active->stored.version},
            {"sha256", stored.sha256},
            {"size_bytes", stored.size_bytes},
            {"created_at", stored.created_at},
            {"config", to_json(stored.config)},
        });
    }
    return json_response(
        200, {{"name", name}, {"active", active->stored.version}, {"versions", versions}});
}

void VersionsEndpoint::activate(const std::string& name, const http::Request& request,
                                http::Respond respond) {
    std::string problem;
    const std::optional<uint32_t> version = requested_version(request.body, problem);
    if (!version) return respond(error_response(ApiError::invalid_request, problem));
    const bool posted = admin_.post(name, [this, name, version = *version, respond] {
        try {
            const auto deployment = registry_.activate(name, version);
            spdlog::info("{} now serves version {}", name, version);
            respond(json_response(200, describe(*deployment, metrics_.function(name).get())));
        } catch (const DeployError& e) {
            spdlog::warn("activating {} version {} refused: {}", name, version, e.what());
            respond(error_response(api_error_of(e.kind()), e.what()));
        } catch (const std::exception& e) {
            spdlog::error("activating {} version {} failed: {}", name, version, e.what());
            respond(
                error_response(ApiError::internal, std::string("activation failed: ") + e.what()));
        }
    });
    if (!posted) respond(error_response(ApiError::unavailable, "emberd is shutting down"));
}

}  // namespace ember::daemon
