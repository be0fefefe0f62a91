// POST /v1/functions/{name}/invoke: the HTTP side of a call. Each call gets
// an invocation id and a trace context (trace_context.hpp); the Invoker runs
// it; this turns how it ended into the reply (call_reply.hpp), adds
// X-Ember-Invocation-Id and traceparent, counts it in /metrics and leaves
// its record (as `invocation_records.record` says: every call, failures
// only, or none).
//
// With `Prefer: respond-async` (RFC 7240) the call is queued instead
// (async_invocations.hpp) and answered at once: 202, Location of its
// record; the record then carries the reply the sync call would have had.
//
// `?version=N` runs stored version N instead of the active one; the first
// call naming a version that is not running yet waits on the admin
// executor while it boots (FunctionRegistry::pin), and its time limit
// starts after that.
#pragma once

#include <chrono>
#include <string>

#include "daemon/api/async_invocations.hpp"
#include "daemon/api/call_reply.hpp"
#include "daemon/api/trace_context.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/exec/invoker.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/records/record_store.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/handler.hpp"

namespace ember::daemon {

class InvokeEndpoint {
  public:
    // `admin` boots pinned versions.
    InvokeEndpoint(FunctionRegistry& registry, Executor& admin, Invoker& invoker, Metrics& metrics,
                   RecordStore& records, const DaemonConfig& config);

    void handle(std::string name, http::Request request, http::Respond respond);

    // Async calls: no more are accepted; those accepted run until
    // `deadline`, and those that have not started by then are cancelled.
    bool drain(Clock::time_point deadline) { return async_.drain(deadline); }

  private:
    struct Invocation {
        InvocationId id;
        TraceContext trace;
        std::string handler;
    };

    // `pinned` says that this call's version was booted for it already: a
    // call pinned to a version that stops being served while it waits (an
    // activation switched away from it) boots it once more, and only once.
    void start(std::shared_ptr<CallRequest> call, const Invocation& invocation, bool async,
               http::Respond respond, bool pinned = false);
    void pin_then_start(std::shared_ptr<CallRequest> call, const Invocation& invocation, bool async,
                        http::Respond respond);
    void accept_async(std::shared_ptr<CallRequest> call, const Invocation& invocation,
                      const http::Respond& respond);
    // A call that never reaches the invoker: its record (always for an
    // async call, as the policy says for a sync one) and its error reply.
    void refuse(const CallRequest& call, const Invocation& invocation, bool async, ApiError error,
                const std::string& message, const http::Respond& respond);
    void finish(const CallEnd& end, const Invocation& invocation, const http::Respond& respond);
    void finish_async(const CallRequest& call, const CallEnd& end);
    // Counts the call in /metrics, and logs it.
    void count(const CallEnd& end, const CallReply& reply, std::string_view id);

    FunctionRegistry& registry_;
    Executor& admin_;
    Invoker& invoker_;
    Metrics& metrics_;
    RecordStore& records_;
    const RecordPolicy record_policy_;
    AsyncInvocations async_;
};

}  // namespace ember::daemon
