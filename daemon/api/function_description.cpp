// Function descriptions.
#include "daemon/api/function_description.hpp"

#include "daemon/config/function_config.hpp"

namespace ember::daemon {

nlohmann::json describe(const Deployment& deployment, const FunctionMetrics* metrics) {
    const StoredFunction& stored = deployment.stored;
    const pool::PoolStats pool = deployment.pool->stats();
    // The total is read after the successes: counters only grow, so it is
    // never below them, and errors cannot wrap around.
    const std::uint64_t ok = metrics ? metrics->invocations(Outcome::ok) : 0;
    const std::uint64_t invocations = metrics ? metrics->invocations() : 0;
    return {
        {"name", stored.name},
        {"version", stored.version},
        {"sha256", stored.sha256},
        {"size_bytes", stored.size_bytes},
        {"kind", binary_kind_name(stored.kind)},
        {"created_at", stored.created_at},
        {"handlers", deployment.handlers},
        {"default_handler", deployment.default_handler},
        {"config", to_json(stored.config)},
        {"env", describe(stored.env)},
        {"pool", {{"ready", pool.ready}, {"busy", pool.busy}, {"queued", pool.queued}}},
        {"stats",
         {{"invocations", invocations},
          {"errors", invocations - ok},
          {"cold_starts", metrics ? metrics->cold_starts() : 0}}},
    };
}

}  // namespace ember::daemon
