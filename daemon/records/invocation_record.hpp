// What emberd remembers about one invocation, for GET /v1/invocations/{id}:
// who ran, how it ended, how long each stage took, what the guest logged,
// and for an async call its state and, once it ran, the reply it would have
// had if it had been synchronous.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/metrics/outcome.hpp"
#include "daemon/records/invocation_id.hpp"
#include "http/message.hpp"

namespace ember::daemon {

// A sync call's record is stored once it has ended (`done`). An async call's
// is stored when accepted (`queued`), becomes `running` when it is handed
// to the invoker, and ends `done` or, when emberd drains before it could
// start, `cancelled`.
enum class RecordState { queued, running, done, cancelled };

std::string_view to_string(RecordState state);

struct RecordTimings {
    std::chrono::nanoseconds queued{};      // arrival to an executor thread taking it up
    std::chrono::nanoseconds in_sandbox{};  // inside the guest
    std::chrono::nanoseconds total{};       // arrival to the end
};

struct InvocationRecord {
    explicit InvocationRecord(InvocationId record_id) : id(std::move(record_id)) {}

    InvocationId id;
    std::string function;
    uint32_t version = 0;  // 0: no version ran (unknown function, refused)
    std::string handler;   // as asked; empty: the default handler
    bool async = false;
    RecordState state = RecordState::done;
    std::chrono::system_clock::time_point received;  // wall clock, for people

    // Once done:
    unsigned status = 0;  // the HTTP status of the reply
    Outcome outcome = Outcome::ok;
    std::string error_code;  // the API error code; empty when the call succeeded
    std::string error_message;
    RecordTimings timings;
    bool cold_start = false;
    std::string trace_id;           // 32 hex digits
    std::string traceparent;        // of the call's reply: the call's own span
    std::string tracestate;         // passed on from the caller; empty: none
    std::vector<std::string> logs;  // the guest's lines, escaped (base/printable.hpp)
    uint64_t logs_dropped = 0;      // lines over the call's caps
    // An async call's reply, exactly as the sync call would have had it.
    std::optional<http::Response> result;

    // What the record holds in memory, roughly, for the store's byte bound.
    std::size_t bytes() const;
    bool final() const { return state == RecordState::done || state == RecordState::cancelled; }
};

}  // namespace ember::daemon
