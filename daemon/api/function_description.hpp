// The JSON description of a function (docs/api.md, "describe"). Its counters are
// the ones /metrics shows: `metrics` is the function's series there, null
// (all zero) when it has none, as while it is being removed.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/metrics/function_metrics.hpp"
#include "daemon/registry/deployment.hpp"

namespace ember::daemon {

nlohmann::json describe(const Deployment& deployment, const FunctionMetrics* metrics);

}  // namespace ember::daemon
