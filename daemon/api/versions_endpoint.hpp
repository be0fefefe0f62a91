// A function's versions over HTTP: GET /v1/functions/{name}/versions (every
// stored version, newest first, and which one is active) and
// PUT /v1/functions/{name}/active with {"version": N} (rollback or
// forward, switched like a redeploy; run on the admin executor because it
// boots the version).
#pragma once

#include <string>

#include "daemon/exec/executor.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/handler.hpp"

namespace ember::daemon {

class VersionsEndpoint {
  public:
    VersionsEndpoint(FunctionRegistry& registry, Executor& admin, Metrics& metrics);

    http::Response list(const std::string& name) const;
    void activate(const std::string& name, const http::Request& request, http::Respond respond);

  private:
    FunctionRegistry& registry_;
    Executor& admin_;
    Metrics& metrics_;
};

}  // namespace ember::daemon
