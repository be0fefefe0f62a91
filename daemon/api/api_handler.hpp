// The REST API of API.md on top of the HTTP server: routing, authorisation,
// deploy/list/describe/delete, invocations and the operational endpoints.
// handle() runs on an HTTP I/O thread and only routes: deploys and calls
// run on the executor, and replies are sent from there.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "daemon/api/routes.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/exec/executor.hpp"
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

    ApiHandler(FunctionRegistry& registry, Executor& executor, Metrics& metrics,
               const DaemonConfig& config, const Readiness& readiness, ServerGaugesFn server);

    void handle(http::Request request, http::Respond respond) override;
    std::size_t body_limit(const http::Request& head) const override;

  private:
    void dispatch(const Route& route, http::Request request, http::Respond respond);
    void deploy(const std::string& name, http::Request request, http::Respond respond);
    void remove(const std::string& name, http::Respond respond);
    http::Response describe(const std::string& name) const;
    http::Response list() const;
    http::Response metrics() const;
    void invoke(const std::string& name, std::shared_ptr<const http::Request> request,
                http::Respond respond, int attempt);
    void run_call(std::shared_ptr<const Deployment> deployment, std::shared_ptr<pool::Lease> lease,
                  std::shared_ptr<const http::Request> request, http::Respond respond,
                  std::chrono::steady_clock::time_point arrived);
    http::Respond counted(http::Respond respond);

    FunctionRegistry& registry_;
    Executor& executor_;
    Metrics& metrics_;
    const DaemonConfig& config_;
    const Readiness& readiness_;
    ServerGaugesFn server_;
};

}  // namespace ember::daemon
