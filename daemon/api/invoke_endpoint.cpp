// Replies to calls, and counts them.
#include "daemon/api/invoke_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "daemon/api/api_error.hpp"

namespace ember::daemon {

namespace {

long long micros(std::chrono::nanoseconds ns) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ns).count();
}

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

// The reply, and the API error it stands for when the call did not succeed.
std::pair<http::Response, std::optional<ApiError>> reply_of(const CallEnd& end) {
    if (!end.deployment) return {function_not_found(end.function), ApiError::function_not_found};
    if (end.refused) {
        const ApiError error = api_error_of(*end.refused);
        const std::string& name = end.function;
        std::string message;
        switch (*end.refused) {
            case pool::AcquireError::overloaded:
                message = "'" + name + "' has every sandbox busy and its queue full: retry shortly";
                break;
            case pool::AcquireError::no_memory:
                message = "'" + name +
                          "' has no sandbox free, and the guest memory of all functions is at "
                          "emberd's max_guest_memory_mb: retry when other pools have shrunk";
                break;
            case pool::AcquireError::timed_out:
                message = "no sandbox of '" + name + "' came free within its timeout";
                break;
            case pool::AcquireError::shutting_down:
                message = "'" + name + "' is being replaced or removed";
                break;
        }
        return {error_response(error, message), error};
    }
    if (end.expired) {
        return {error_response(ApiError::timeout,
                               "'" + end.function + "' never started: its timeout of " +
                                   std::to_string(end.deployment->stored.config.timeout_ms) +
                                   " ms ran out while it waited for an executor thread"),
                ApiError::timeout};
    }
    if (end.host_failure) {
        return {error_response(ApiError::internal, "host failure: " + *end.host_failure),
                ApiError::internal};
    }
    if (end.result.ok()) return {guest_reply(end.result.reply()), std::nullopt};
    const sandbox::GuestError& guest = end.result.error();
    const ApiError error = api_error_of(guest.kind);
    return {error_response(error, std::string(to_string(guest.kind)) + ": " + guest.message),
            error};
}

void add_call_headers(http::Response& response, const CallEnd& end, const CallTimes& at) {
    const auto in_guest = end.result.stats.in_guest;
    response.headers.emplace_back("X-Ember-Version",
                                  std::to_string(end.deployment->stored.version));
    response.headers.emplace_back("X-Ember-Duration-Us", std::to_string(micros(in_guest)));
    response.headers.emplace_back("X-Ember-Cold-Start", end.cold_start ? "true" : "false");
    response.headers.emplace_back("Server-Timing", server_timing(at, in_guest));
}

}  // namespace

InvokeEndpoint::InvokeEndpoint(Invoker& invoker, Metrics& metrics)
    : invoker_(invoker), metrics_(metrics) {}

void InvokeEndpoint::handle(std::string name, http::Request request, http::Respond respond) {
    auto call = std::make_shared<CallRequest>();
    call->function = std::move(name);
    if (const std::string* handler = request.query_param("handler")) call->handler = *handler;
    call->input = std::move(request.body);
    call->received = request.received;
    invoker_.invoke(std::move(call), [this, respond = std::move(respond)](const CallEnd& end) {
        finish(end, respond);
    });
}

void InvokeEndpoint::finish(const CallEnd& end, const http::Respond& respond) {
    auto [response, error] = reply_of(end);
    const Outcome outcome = error ? mapping_of(*error).outcome : Outcome::ok;
    const auto total = end.deployment ? Clock::now() - end.at.arrived : Clock::duration{};
    if (end.ran()) {
        CallTimes at = end.at;
        // A request that no session read (a test's) counts from the invoker.
        if (at.received == Clock::time_point{}) at.received = at.arrived;
        add_call_headers(response, end, at);
        spdlog::debug("invoke {} v{} status={} outcome={} sandbox_us={} total_us={} cold={}",
                      end.function, end.deployment->stored.version, response.status,
                      to_string(outcome), micros(end.result.stats.in_guest), micros(total),
                      end.cold_start);
    }
    // Counted before the reply: a client that reads /metrics right after it
    // must find its call there.
    metrics_.invocation(end.function, outcome, total, end.result.stats.in_guest, end.cold_start);
    respond(std::move(response));
}

}  // namespace ember::daemon
