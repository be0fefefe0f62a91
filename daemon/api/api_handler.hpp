// The REST API of docs/api.md on top of the HTTP server: routing, authorisation,
// deploy/list/describe/delete, invocations, versions and the operational
// endpoints.
// handle() runs on an HTTP I/O thread and only routes: deploys and calls
// run on the executor, and replies are sent from there. Invocations are
// invoke_endpoint's; every error status comes from api_error's table.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include <nlohmann/json.hpp>

#include "daemon/api/env_endpoint.hpp"
#include "daemon/api/invoke_endpoint.hpp"
#include "daemon/api/records_endpoint.hpp"
#include "daemon/api/routes.hpp"
#include "daemon/api/versions_endpoint.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/exec/executor.hpp"
#include "daemon/exec/invoker.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/handler.hpp"

namespace ember::daemon {

// Whether /readyz says yes: set once the store is loaded and the pools are
// warm, cleared when draining starts.
struct Readiness {
    std::atomic<bool> ready{false};
};

class ApiHandler : public http::Handler {
  public:
    using ServerGaugesFn = std::function<ServerGauges()>;

    // `admin` runs deploys, deletes, activations and the boot of a pinned
    // version: not the executor that runs calls, so that a cold boot never
    // takes a thread a call is waiting for.
    ApiHandler(FunctionRegistry& registry, Executor& admin, Invoker& invoker, Metrics& metrics,
               RecordStore& records, const DaemonConfig& config, const Readiness& readiness,
               ServerGaugesFn server);

    void handle(http::Request request, http::Respond respond) override;
    // No route, or no right to it: answered from the head, the body unread.
    std::optional<http::Response> refuse(const http::Request& head) override;
    std::size_t body_limit(const http::Request& head) const override;

    // Async calls: see InvokeEndpoint::drain().
    bool drain_async(Clock::time_point deadline) { return invoke_.drain(deadline); }

  private:
    // The route, or the answer for a request its head condemns.
    std::variant<Route, http::Response> admit(const http::Request& head) const;
    void dispatch(const Route& route, http::Request request, http::Respond respond);
    void deploy(const std::string& name, http::Request request, http::Respond respond);
    void deploy_failed(const std::string& name);
    void remove(const std::string& name, http::Respond respond);
    nlohmann::json describe(const Deployment& deployment) const;
    http::Response describe(const std::string& name) const;
    http::Response list() const;
    http::Response metrics() const;
    http::Respond counted(http::Respond respond);

    FunctionRegistry& registry_;
    Executor& admin_;
    InvokeEndpoint invoke_;
    RecordsEndpoint records_;
    VersionsEndpoint versions_;
    EnvEndpoint env_;
    Metrics& metrics_;
    const DaemonConfig& config_;
    const Readiness& readiness_;
    ServerGaugesFn server_;
};

}  // namespace ember::daemon
