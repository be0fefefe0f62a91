// The invoke path: pick the live version, get a sandbox from its pool, run
// the call on an executor thread, reply, then give the sandbox back (its
// restore happens after the reply has gone).
#include <cstdio>

#include <spdlog/spdlog.h>

#include "daemon/api/api_handler.hpp"

namespace ember::daemon {

namespace {

using Clock = std::chrono::steady_clock;

// A redeploy shuts the old pool down; calls queued on it try the new one.
constexpr int max_attempts = 3;

struct Failure {
    unsigned status;
    std::string_view code;
    Outcome outcome;
};

Failure failure_of(sandbox::GuestErrorKind kind) {
    using K = sandbox::GuestErrorKind;
    switch (kind) {
        case K::abort:
            return {500, "guest_abort", Outcome::guest_abort};
        case K::timeout:
            return {504, "timeout", Outcome::timeout};
        case K::no_such_handler:
            return {404, "handler_not_found", Outcome::not_found};
        case K::input_too_large:
            return {413, "payload_too_large", Outcome::bad_request};
        case K::fault:
        case K::denied:
        case K::bad_reply:
            return {500, "guest_fault", Outcome::guest_fault};
    }
    return {500, "guest_fault", Outcome::guest_fault};
}

long long micros(std::chrono::nanoseconds ns) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ns).count();
}

// When one invocation reached each stage inside emberd.
struct Stages {
    Clock::time_point received;  // its first byte was read
    Clock::time_point arrived;   // the invoke handler saw it
    Clock::time_point started;   // an executor thread took it up
    Clock::time_point returned;  // the call came back
};

// W3C Server-Timing (milliseconds): where emberd spent the call's time, so
// that a client can tell it apart from its own and the network's.
std::string server_timing(const Stages& at, std::chrono::nanoseconds in_guest) {
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

void add_call_headers(http::Response& response, const Deployment& deployment,
                      const sandbox::CallResult& result, bool cold_start, const Stages& stages) {
    response.headers.emplace_back("X-Ember-Version", std::to_string(deployment.stored.version));
    response.headers.emplace_back("X-Ember-Duration-Us",
                                  std::to_string(micros(result.stats.in_guest)));
    response.headers.emplace_back("X-Ember-Cold-Start", cold_start ? "true" : "false");
    response.headers.emplace_back("Server-Timing", server_timing(stages, result.stats.in_guest));
}

http::Response reply_of(const sandbox::CallResult& result) {
    http::Response response;
    const sandbox::Reply& reply = result.reply();
    response.status = reply.status;
    response.headers.emplace_back("Content-Type", reply.content_type.empty()
                                                      ? "application/octet-stream"
                                                      : reply.content_type);
    response.body.assign(reinterpret_cast<const char*>(reply.output.data()), reply.output.size());
    return response;
}

}  // namespace

void ApiHandler::invoke(const std::string& name, std::shared_ptr<const http::Request> request,
                        http::Respond respond, int attempt) {
    const auto deployment = registry_.find(name);
    if (!deployment) {
        metrics_.invocation(name, Outcome::not_found, {}, {}, false);
        return respond(
            http::json_error(404, "function_not_found", "no function named '" + name + "'"));
    }
    const auto arrived = Clock::now();
    const auto timeout = std::chrono::milliseconds(deployment->stored.config.timeout_ms);
    deployment->pool->acquire(arrived + timeout, [this, name, deployment, request,
                                                  respond = std::move(respond), arrived,
                                                  attempt](pool::Acquired acquired) mutable {
        if (acquired.ok()) {
            auto lease = std::make_shared<pool::Lease>(std::move(acquired.lease()));
            executor_.post([this, deployment, lease, request, respond, arrived] {
                run_call(deployment, lease, request, respond, arrived);
            });
            return;
        }
        switch (acquired.error()) {
            case pool::AcquireError::overloaded: {
                metrics_.invocation(name, Outcome::overloaded, Clock::now() - arrived, {}, false);
                http::Response r = http::json_error(
                    429, "overloaded",
                    "'" + name + "' has every sandbox busy and its queue full: retry shortly");
                r.headers.emplace_back("Retry-After", "1");
                return respond(std::move(r));
            }
            case pool::AcquireError::timed_out:
                metrics_.invocation(name, Outcome::timeout, Clock::now() - arrived, {}, false);
                return respond(http::json_error(
                    504, "timeout", "no sandbox of '" + name + "' came free within its timeout"));
            case pool::AcquireError::shutting_down:
                if (attempt + 1 < max_attempts) {
                    return invoke(name, request, std::move(respond), attempt + 1);
                }
                metrics_.invocation(name, Outcome::unavailable, Clock::now() - arrived, {}, false);
                return respond(http::json_error(503, "unavailable",
                                                "'" + name + "' is being replaced or removed"));
        }
    });
}

void ApiHandler::run_call(std::shared_ptr<const Deployment> deployment,
                          std::shared_ptr<pool::Lease> lease,
                          std::shared_ptr<const http::Request> request, http::Respond respond,
                          Clock::time_point arrived) {
    Stages stages{request->received, arrived, Clock::now(), {}};
    // A request that no session read (a test's) counts from the handler.
    if (stages.received == Clock::time_point{}) stages.received = arrived;
    const std::string& name = deployment->stored.name;
    const bool cold_start = lease->cold_start();
    ++deployment->stats->invocations;
    if (cold_start) ++deployment->stats->cold_starts;
    sandbox::CallResult result;
    try {
        lease->materialize();
        const std::string* handler = request->query_param("handler");
        const auto input = std::as_bytes(std::span(request->body.data(), request->body.size()));
        const auto deadline =
            Clock::now() + std::chrono::milliseconds(deployment->stored.config.timeout_ms);
        result = lease->instance().call(handler ? *handler : std::string(), input, deadline);
        stages.returned = Clock::now();
    } catch (const std::exception& e) {
        lease->discard();
        ++deployment->stats->errors;
        spdlog::error("invoke {}: host failure: {}", name, e.what());
        metrics_.invocation(name, Outcome::internal, Clock::now() - arrived, {}, cold_start);
        return respond(http::json_error(500, "internal", std::string("host failure: ") + e.what()));
    }

    http::Response response;
    Outcome outcome = Outcome::ok;
    if (result.ok()) {
        response = reply_of(result);
    } else {
        const Failure failure = failure_of(result.error().kind);
        outcome = failure.outcome;
        ++deployment->stats->errors;
        response = http::json_error(
            failure.status, failure.code,
            std::string(to_string(result.error().kind)) + ": " + result.error().message);
    }
    add_call_headers(response, *deployment, result, cold_start, stages);
    for (const std::string& line : result.logs)
        spdlog::info("[{}] {}", name, line);
    const auto total = Clock::now() - arrived;
    spdlog::debug("invoke {} v{} status={} outcome={} sandbox_us={} total_us={} cold={}", name,
                  deployment->stored.version, response.status, to_string(outcome),
                  micros(result.stats.in_guest), micros(total), cold_start);
    // Counted before the reply: a client that reads /metrics right after it
    // must find its call there.
    metrics_.invocation(name, outcome, total, result.stats.in_guest, cold_start);
    lease->returning();
    respond(std::move(response));

    const auto releasing = Clock::now();
    lease->release();
    metrics_.restore(name, Clock::now() - releasing);
}

}  // namespace ember::daemon
