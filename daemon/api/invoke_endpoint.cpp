// Calls, sync and async: ids, traces, replies, counts and records.
#include "daemon/api/invoke_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "daemon/api/call_record.hpp"
#include "daemon/store/store_layout.hpp"

namespace ember::daemon {

namespace {

long long micros(std::chrono::nanoseconds ns) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ns).count();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// RFC 7240: Prefer holds comma-separated preferences, each a token with an
// optional value and parameters; names are case-insensitive.
bool prefers_async(const http::Request& request) {
    for (const auto& [name, value] : request.headers) {
        if (name != "prefer") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string_view preference = rest.substr(0, comma);
            preference = preference.substr(0, preference.find_first_of(";="));
            while (!preference.empty() && (preference.front() == ' ' || preference.front() == '\t'))
                preference.remove_prefix(1);
            while (!preference.empty() && (preference.back() == ' ' || preference.back() == '\t'))
                preference.remove_suffix(1);
            if (equals_ignoring_case(preference, "respond-async")) return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

void add_invocation_headers(http::Response& response, const InvocationId& id,
                            const TraceContext& trace) {
    response.headers.emplace_back("X-Ember-Invocation-Id", id.text());
    response.headers.emplace_back("traceparent", trace.traceparent());
    if (!trace.tracestate().empty())
        response.headers.emplace_back("tracestate", trace.tracestate());
}

}  // namespace

InvokeEndpoint::InvokeEndpoint(FunctionRegistry& registry, Executor& admin, Invoker& invoker,
                               Metrics& metrics, RecordStore& records, const DaemonConfig& config)
    : registry_(registry),
      admin_(admin),
      invoker_(invoker),
      metrics_(metrics),
      records_(records),
      record_policy_(config.records.record),
      async_(
          invoker, records, config.max_async_queued,
          [&registry](const std::string& function) -> uint32_t {
              const auto deployment = registry.find(function);
              return deployment ? deployment->stored.config.pool_max : 1;
          },
          [this](const CallRequest& call, const CallEnd& end) { finish_async(call, end); }) {}

void InvokeEndpoint::handle(std::string name, http::Request request, http::Respond respond) {
    auto call = std::make_shared<CallRequest>();
    Invocation invocation{InvocationId::random(), TraceContext::for_request(request.headers), {}};
    if (const std::string* handler = request.query_param("handler")) invocation.handler = *handler;
    call->id = invocation.id.text();
    call->function = std::move(name);
    call->handler = invocation.handler;
    call->received = request.received;
    const bool async = prefers_async(request);
    if (const std::string* text = request.query_param("version")) {
        call->version = store_layout::parse_version(*text);
        if (!call->version) {
            return refuse(*call, invocation, async, ApiError::invalid_request,
                          "version: '" + *text + "' is not a version number (1, 2, ...)", respond);
        }
    }
    call->input = std::move(request.body);
    if (call->version && !registry_.find(call->function, *call->version))
        return pin_then_start(std::move(call), invocation, async, std::move(respond));
    start(std::move(call), invocation, async, std::move(respond));
}

void InvokeEndpoint::start(std::shared_ptr<CallRequest> call, const Invocation& invocation,
                           bool async, http::Respond respond, bool pinned) {
    if (async) return accept_async(std::move(call), invocation, respond);
    invoker_.invoke(
        call, [this, call, invocation, pinned, respond = std::move(respond)](const CallEnd& end) {
            if (!end.deployment && call->version && !pinned)
                return pin_then_start(call, invocation, false, respond);
            finish(end, invocation, respond);
        });
}

void InvokeEndpoint::pin_then_start(std::shared_ptr<CallRequest> call, const Invocation& invocation,
                                    bool async, http::Respond respond) {
    const std::string function = call->function;
    const bool posted = admin_.post(function, [this, call, invocation, async, respond]() mutable {
        try {
            registry_.pin(call->function, *call->version);
        } catch (const DeployError& e) {
            return refuse(*call, invocation, async, api_error_of(e.kind()), e.what(), respond);
        } catch (const std::exception& e) {
            spdlog::error("booting {} version {} failed: {}", call->function, *call->version,
                          e.what());
            return refuse(*call, invocation, async, ApiError::internal,
                          std::string("booting the version failed: ") + e.what(), respond);
        }
        start(std::move(call), invocation, async, std::move(respond), true);
    });
    if (!posted) {
        refuse(*call, invocation, async, ApiError::unavailable, "emberd is shutting down", respond);
    }
}

void InvokeEndpoint::refuse(const CallRequest& call, const Invocation& invocation, bool async,
                            ApiError error, const std::string& message,
                            const http::Respond& respond) {
    if (async || record_policy_ != RecordPolicy::none) {
        InvocationRecord record = record_start(call, invocation.id, invocation.trace, async);
        record_cancelled(record, error, message);
        records_.put(std::move(record));
    }
    http::Response response = error_response(error, message, invocation.id.text());
    add_invocation_headers(response, invocation.id, invocation.trace);
    respond(std::move(response));
}

void InvokeEndpoint::accept_async(std::shared_ptr<CallRequest> call, const Invocation& invocation,
                                  const http::Respond& respond) {
    const std::string function = call->function;
    const bool exists = call->version ? registry_.find(function, *call->version) != nullptr
                                      : registry_.find(function) != nullptr;
    if (!exists) {
        return refuse(*call, invocation, true, ApiError::function_not_found,
                      no_function_named(function), respond);
    }
    // Put before the submit: the call may end before submit() returns.
    records_.put(record_start(*call, invocation.id, invocation.trace, true));
    const auto refuse_queued = [&](ApiError error, const std::string& message) {
        records_.update(invocation.id,
                        [&](InvocationRecord& r) { record_cancelled(r, error, message); });
        http::Response response = error_response(error, message, invocation.id.text());
        add_invocation_headers(response, invocation.id, invocation.trace);
        respond(std::move(response));
    };
    switch (async_.submit(std::move(call))) {
        case AsyncInvocations::Submitted::accepted:
            break;
        case AsyncInvocations::Submitted::queue_full:
            metrics_.invocation(function, Outcome::overloaded, {}, {}, false);
            return refuse_queued(ApiError::overloaded,
                                 "the async queue of '" + function + "' is full: retry shortly");
        case AsyncInvocations::Submitted::draining:
            return refuse_queued(ApiError::unavailable,
                                 "emberd is draining: it takes no async calls");
    }
    const std::string location = "/v1/invocations/" + invocation.id.text();
    http::Response response;
    response.status = 202;
    response.headers.emplace_back("Content-Type", "application/json");
    response.headers.emplace_back("Location", location);
    response.headers.emplace_back("Preference-Applied", "respond-async");
    add_invocation_headers(response, invocation.id, invocation.trace);
    response.body = nlohmann::json{
        {"invocation_id", invocation.id.text()},
        {"state", to_string(RecordState::queued)},
        {"location",
         location}}.dump();
    respond(std::move(response));
}

void InvokeEndpoint::finish(const CallEnd& end, const Invocation& invocation,
                            const http::Respond& respond) {
    CallReply reply = reply_of(end, invocation.id.text());
    add_invocation_headers(reply.response, invocation.id, invocation.trace);
    count(end, reply, invocation.id.text());
    if (record_policy_ == RecordPolicy::all ||
        (record_policy_ == RecordPolicy::failures && reply.error)) {
        const CallRequest call{.id = invocation.id.text(),
                               .function = end.function,
                               .handler = invocation.handler,
                               .version = {},
                               .input = {},
                               .received = {}};
        InvocationRecord record = record_start(call, invocation.id, invocation.trace, false);
        record_end(record, end, reply);
        records_.put(std::move(record));
    }
    respond(std::move(reply.response));
}

void InvokeEndpoint::finish_async(const CallRequest& call, const CallEnd& end) {
    const auto id = InvocationId::parse(call.id);
    if (!id) return;
    const CallReply reply = reply_of(end, call.id);
    count(end, reply, call.id);
    records_.update(*id, [&](InvocationRecord& record) { record_end(record, end, reply); });
}

void InvokeEndpoint::count(const CallEnd& end, const CallReply& reply, std::string_view id) {
    const Outcome outcome = reply.error ? mapping_of(*reply.error).outcome : Outcome::ok;
    const auto total = end.deployment ? Clock::now() - end.at.arrived : Clock::duration{};
    if (end.ran()) {
        spdlog::debug("invoke {} v{} {} status={} outcome={} sandbox_us={} total_us={} cold={}",
                      end.function, end.deployment->stored.version, id, reply.response.status,
                      to_string(outcome), micros(end.result.stats.in_guest), micros(total),
                      end.cold_start);
    }
    // Counted before the reply: a client that reads /metrics right after it
    // must find its call there.
    metrics_.invocation(end.function, outcome, total, end.result.stats.in_guest, end.cold_start);
}

}  // namespace ember::daemon
