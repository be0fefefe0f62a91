// Record states and sizes.
#include "daemon/records/invocation_record.hpp"

namespace ember::daemon {

std::string_view to_string(RecordState state) {
    switch (state) {
        case RecordState::queued:
            return "queued";
        case RecordState::running:
            return "running";
        case RecordState::done:
            return "done";
        case RecordState::cancelled:
            return "cancelled";
    }
    return "done";
}

std::size_t InvocationRecord::bytes() const {
    std::size_t total = sizeof(InvocationRecord) + id.text().size() + function.size() +
                        handler.size() + error_code.size() + error_message.size() +
                        trace_id.size() + traceparent.size() + tracestate.size();
    for (const std::string& line : logs)
        total += sizeof(std::string) + line.size();
    if (result) {
        total += result->body.size();
        for (const auto& [name, value] : result->headers)
            total += sizeof(std::string) * 2 + name.size() + value.size();
    }
    return total;
}

}  // namespace ember::daemon
