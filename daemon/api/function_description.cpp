// Function descriptions.
#include "daemon/api/function_description.hpp"

#include "daemon/config/function_config.hpp"

namespace ember::daemon {

nlohmann::json describe(const Deployment& deployment) {
    const StoredFunction& stored = deployment.stored;
    nlohmann::json handlers = nlohmann::json::array();
    for (const auto& handler : deployment.snapshot->handlers())
        handlers.push_back(handler.name);
    const pool::PoolStats pool = deployment.pool->stats();
    return {
        {"name", stored.name},
        {"version", stored.version},
        {"sha256", stored.sha256},
        {"size_bytes", stored.size_bytes},
        {"created_at", stored.created_at},
        {"handlers", handlers},
        {"default_handler", deployment.snapshot->default_handler().name},
        {"config", to_json(stored.config)},
        {"pool", {{"ready", pool.ready}, {"busy", pool.busy}, {"queued", pool.queued}}},
        {"stats",
         {{"invocations", deployment.stats->invocations.load()},
          {"errors", deployment.stats->errors.load()},
          {"cold_starts", deployment.stats->cold_starts.load()}}},
    };
}

}  // namespace ember::daemon
