// The JSON shape of a record.
#include "daemon/api/invocation_json.hpp"

#include <cstdio>
#include <ctime>

#include "base/base64.hpp"

namespace ember::daemon {

namespace {

double ms(std::chrono::nanoseconds d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

// RFC 3339, UTC, milliseconds.
std::string timestamp(std::chrono::system_clock::time_point at) {
    const auto since_epoch = at.time_since_epoch();
    const std::time_t seconds =
        std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    return text;
}

// The body as text when it is UTF-8, as base64 otherwise: JSON cannot
// carry arbitrary bytes.
nlohmann::json result_json(const http::Response& reply) {
    nlohmann::json result = {{"status", reply.status}};
    for (const auto& [name, value] : reply.headers) {
        if (name == "Content-Type") result["content_type"] = value;
    }
    nlohmann::json body = reply.body;
    try {
        (void)body.dump();
        result["body"] = std::move(body);
    } catch (const nlohmann::json::type_error&) {
        result["body_base64"] = base64(std::as_bytes(std::span(reply.body)));
    }
    return result;
}

}  // namespace

nlohmann::json to_json(const InvocationRecord& record) {
    nlohmann::json json = {
        {"id", record.id.text()},           {"function", record.function},
        {"handler", record.handler},        {"async", record.async},
        {"state", to_string(record.state)}, {"received_at", timestamp(record.received)},
        {"trace_id", record.trace_id},      {"traceparent", record.traceparent},
    };
    if (record.version != 0) json["version"] = record.version;
    if (!record.final()) return json;
    json["status"] = record.status;
    json["outcome"] = to_string(record.outcome);
    if (!record.error_code.empty())
        json["error"] = {{"code", record.error_code}, {"message", record.error_message}};
    json["timings"] = {{"queued_ms", ms(record.timings.queued)},
                       {"sandbox_ms", ms(record.timings.in_sandbox)},
                       {"total_ms", ms(record.timings.total)}};
    json["cold_start"] = record.cold_start;
    json["logs"] = record.logs;
    json["logs_dropped"] = record.logs_dropped;
    if (record.result) json["result"] = result_json(*record.result);
    return json;
}

}  // namespace ember::daemon
