// A function's env over HTTP: PUT /v1/functions/{name}/env with
// {"values": {...}, "secrets": {...}} serves a new version with the served
// one's binary and config and this env (run on the admin executor: the
// guest reads its env during init, so the version is booted anew).
#pragma once

#include <string>

#include "daemon/exec/executor.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/handler.hpp"

namespace ember::daemon {

class EnvEndpoint {
  public:
    EnvEndpoint(FunctionRegistry& registry, Executor& admin, Metrics& metrics);

    void set(const std::string& name, const http::Request& request, http::Respond respond);

  private:
    FunctionRegistry& registry_;
    Executor& admin_;
    Metrics& metrics_;
};

}  // namespace ember::daemon
