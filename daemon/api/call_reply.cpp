// From a CallEnd to its HTTP reply.
#include "daemon/api/call_reply.hpp"

#include <chrono>
#include <cstdio>

namespace ember::daemon {

namespace {

// W3C Server-Timing (milliseconds): where emberd spent the call's time, so
// that a client can tell it apart from its own and the network's.
std::string server_timing(const CallTimes& at, std::chrono::nanoseconds in_guest) {
    const auto ms = [](std::chrono::nanoseconds d) {
        return std::chrono::duration<double, std::milli>(d).count();
    };
    char text[160];
    std::snprintf(text, sizeof text,
                  "http;dur=%.3f, queue;dur=%.3f, call;dur=%.3f, sandbox;dur=%.3f, total;dur=%.3f",
                  ms(at.arrived - at.received), ms(at.started - at.arrived),
                  ms(at.returned - at.started), ms(in_guest), ms(Clock::now() - at.received));
    return text;
}

http::Response guest_reply(const sandbox::Reply& reply) {
    http::Response response;
    response.status = reply.status;
    response.headers.emplace_back("Content-Type", reply.content_type.empty()
                                                      ? "application/octet-stream"
                                                      : reply.content_type);
    response.body.assign(reinterpret_cast<const char*>(reply.output.data()), reply.output.size());
    return response;
}

std::string refusal_message(const std::string& name, pool::AcquireError refused) {
    switch (refused) {
        case pool::AcquireError::overloaded:
            return "'" + name + "' has every sandbox busy and its queue full: retry shortly";
        case pool::AcquireError::no_memory:
            return "'" + name +
                   "' has no sandbox free, and the guest memory of all functions is at "
                   "emberd's max_guest_memory_mb: retry when other pools have shrunk";
        case pool::AcquireError::timed_out:
            return "no sandbox of '" + name + "' came free within its timeout";
        case pool::AcquireError::shutting_down:
            break;
    }
    return "'" + name + "' is being replaced or removed";
}

CallReply unadorned_reply(const CallEnd& end, std::string_view id) {
    const auto failed = [id](ApiError error, const std::string& message) {
        return CallReply{error_response(error, message, id), error, message};
    };
    if (!end.deployment)
        return failed(ApiError::function_not_found, no_function_named(end.function));
    if (end.refused)
        return failed(api_error_of(*end.refused), refusal_message(end.function, *end.refused));
    if (end.queue_full) {
        return failed(ApiError::overloaded,
                      "emberd has max_executor_queue calls waiting for an executor thread "
                      "already: retry shortly");
    }
    if (end.expired) {
        return failed(ApiError::timeout,
                      "'" + end.function + "' never started: its timeout of " +
                          std::to_string(end.deployment->stored.config.timeout_ms) +
                          " ms ran out while it waited for an executor thread");
    }
    if (end.host_failure) return failed(ApiError::internal, "host failure: " + *end.host_failure);
    if (end.result.ok()) return {guest_reply(end.result.reply()), std::nullopt, {}};
    const sandbox::GuestError& guest = end.result.error();
    if (api_error_of(guest.kind) == ApiError::shutting_down) {
        return failed(ApiError::shutting_down,
                      "emberd is shutting down: its drain grace ended while the call ran, so the "
                      "call was stopped; retry on another instance or later");
    }
    return failed(api_error_of(guest.kind),
                  std::string(to_string(guest.kind)) + ": " + guest.message);
}

}  // namespace

CallReply reply_of(const CallEnd& end, std::string_view invocation_id) {
    CallReply reply = unadorned_reply(end, invocation_id);
    if (!end.ran()) return reply;
    CallTimes at = end.at;
    // A request that no session read (a test's) counts from the invoker.
    if (at.received == Clock::time_point{}) at.received = at.arrived;
    const auto in_guest = end.result.stats.in_guest;
    auto& headers = reply.response.headers;
    headers.emplace_back("X-Ember-Version", std::to_string(end.deployment->stored.version));
    headers.emplace_back(
        "X-Ember-Duration-Us",
        std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(in_guest).count()));
    headers.emplace_back("X-Ember-Cold-Start", end.cold_start ? "true" : "false");
    headers.emplace_back("Server-Timing", server_timing(at, in_guest));
    return reply;
}

}  // namespace ember::daemon
