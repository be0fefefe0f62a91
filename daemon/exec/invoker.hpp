// One call of a function, from its name to the guest's answer: the live
// version is looked up, a sandbox acquired from its pool (tried again on the
// new version when a redeploy shuts the old pool down under the call), the
// call run on an executor thread, and the sandbox given back — restored
// after the caller has had the answer. The function's timeout counts from
// the call's arrival: waiting for a sandbox or an executor thread uses it up
// too, and a call whose time is gone before it starts never starts. Calls
// wait for an executor thread keyed by their function, in the executor's
// fair order. What the answer means to a client (status, headers, metrics
// labels) is the API's business, not this one's.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "daemon/exec/executor.hpp"
#include "daemon/exec/guest_log_writer.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/registry/function_registry.hpp"
#include "pool/acquired.hpp"
#include "sandbox/sandbox.hpp"

namespace ember::daemon {

using Clock = std::chrono::steady_clock;

struct CallRequest {
    std::string id;  // the invocation's, for every log line about it
    std::string function;
    std::string handler;              // empty: the default handler
    std::optional<uint32_t> version;  // a pinned version, else the active one
    std::string input;
    Clock::time_point received;  // its first byte was read
};

// When the call reached each stage inside emberd.
struct CallTimes {
    Clock::time_point received;
    Clock::time_point arrived;   // the invoker had it
    Clock::time_point started;   // an executor thread took it up
    Clock::time_point returned;  // the guest's call came back
};

// How a call ended. Exactly one of: no such function, no sandbox
// (`refused`), no room in the executor's queue (`queue_full`), its time
// gone before an executor thread took it up (`expired`), a host failure,
// or the guest's result (reply or guest error; `interrupted` when emberd
// stopped it, and then its sandbox is thrown away).
struct CallEnd {
    std::string function;
    std::shared_ptr<const Deployment> deployment;  // null: no such function
    std::optional<pool::AcquireError> refused;
    bool queue_full = false;
    bool expired = false;
    std::optional<std::string> host_failure;
    sandbox::CallResult result;
    bool cold_start = false;
    CallTimes at;

    bool ran() const { return deployment && !refused && !queue_full && !expired && !host_failure; }
};

class Invoker {
  public:
    // Called once per call: at once on the calling thread when there is no
    // function or no sandbox, otherwise on an executor thread, with the
    // guest's output still in the sandbox (valid until `done` returns).
    using Done = std::function<void(const CallEnd&)>;

    Invoker(FunctionRegistry& registry, Executor& executor, Metrics& metrics,
            GuestLogWriter& guest_log);

    void invoke(std::shared_ptr<const CallRequest> request, Done done);

  private:
    void attempt(std::shared_ptr<const CallRequest> request, Done done, Clock::time_point arrived,
                 int attempt);
    void run(std::shared_ptr<const Deployment> deployment, std::shared_ptr<pool::Lease> lease,
             std::shared_ptr<const CallRequest> request, const Done& done,
             Clock::time_point arrived, Clock::time_point deadline);

    FunctionRegistry& registry_;
    Executor& executor_;
    Metrics& metrics_;
    GuestLogWriter& guest_log_;
};

}  // namespace ember::daemon
