// CallEnd to InvocationRecord.
#include "daemon/api/call_record.hpp"

#include "base/printable.hpp"

namespace ember::daemon {

InvocationRecord record_start(const CallRequest& call, const InvocationId& id,
                              const TraceContext& trace, bool async) {
    InvocationRecord record(id);
    record.function = call.function;
    record.handler = call.handler;
    record.async = async;
    record.state = async ? RecordState::queued : RecordState::done;
    record.received = std::chrono::system_clock::now();
    record.trace_id = trace.trace_id();
    record.traceparent = trace.traceparent();
    record.tracestate = trace.tracestate();
    return record;
}

namespace {

// The result carries the headers the sync reply would have had.
void set_result(InvocationRecord& record, http::Response reply) {
    record.result = std::move(reply);
    auto& headers = record.result->headers;
    headers.emplace_back("X-Ember-Invocation-Id", record.id.text());
    headers.emplace_back("traceparent", record.traceparent);
    if (!record.tracestate.empty()) headers.emplace_back("tracestate", record.tracestate);
}

}  // namespace

void record_end(InvocationRecord& record, const CallEnd& end, const CallReply& reply) {
    record.state = RecordState::done;
    if (end.deployment) record.version = end.deployment->stored.version;
    record.status = reply.response.status;
    if (reply.error) {
        const ErrorMapping mapping = mapping_of(*reply.error);
        record.outcome = mapping.outcome;
        record.error_code = mapping.code;
        record.error_message = reply.message;
    }
    const CallTimes& at = end.at;
    if (at.started != Clock::time_point{}) record.timings.queued = at.started - at.arrived;
    record.timings.in_sandbox = end.result.stats.in_guest;
    const Clock::time_point first = at.received != Clock::time_point{} ? at.received : at.arrived;
    if (first != Clock::time_point{}) record.timings.total = Clock::now() - first;
    record.cold_start = end.cold_start;
    for (const std::string& line : end.result.log.lines())
        record.logs.push_back(printable(line));
    record.logs_dropped = end.result.log.dropped();
    if (record.async) set_result(record, reply.response);
}

void record_cancelled(InvocationRecord& record, ApiError error, const std::string& message) {
    const ErrorMapping mapping = mapping_of(error);
    record.state = RecordState::cancelled;
    record.status = mapping.status;
    record.outcome = mapping.outcome;
    record.error_code = mapping.code;
    record.error_message = message;
    set_result(record, error_response(error, message, record.id.text()));
}

}  // namespace ember::daemon
