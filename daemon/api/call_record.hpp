// A call's invocation record, from its request and from how it ended: the
// record a client reads at GET /v1/invocations/{id}.
#pragma once

#include <string>

#include "daemon/api/call_reply.hpp"
#include "daemon/api/trace_context.hpp"
#include "daemon/exec/invoker.hpp"
#include "daemon/records/invocation_record.hpp"

namespace ember::daemon {

// What is known when a call arrives. An async call's record starts so
// (state queued); a sync call's is completed at once by record_end().
InvocationRecord record_start(const CallRequest& call, const InvocationId& id,
                              const TraceContext& trace, bool async);

// Fills in how the call ended (state done); for an async call, `reply`
// becomes the stored result, with the invocation headers the sync reply
// would have had.
void record_end(InvocationRecord& record, const CallEnd& end, const CallReply& reply);

// An async call that never ran (refused, or cancelled by a drain): state
// cancelled, and the error as its result.
void record_cancelled(InvocationRecord& record, ApiError error, const std::string& message);

}  // namespace ember::daemon
