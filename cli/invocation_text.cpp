// Invocation records as text (see invocation_text.hpp).
#include "cli/invocation_text.hpp"

#include "base/printable.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace ember::cli {
namespace {

std::string milliseconds(const nlohmann::json& timings, const char* key) {
    const nlohmann::json& value = field(timings, key);
    return value.is_null() ? "-" : to_text(value) + " ms";
}

// The server records the handler as asked: empty for the default one.
std::string handler_text(const nlohmann::json& record) {
    const std::string handler = field_text(record, "handler");
    return handler.empty() ? "(default)" : handler;
}

// How the call ended, or, until it has, where it is (queued, running).
std::string outcome_text(const nlohmann::json& record) {
    const nlohmann::json& outcome = field(record, "outcome");
    return outcome.is_null() ? field_text(record, "state") : to_text(outcome);
}

void add_error(Table& table, const nlohmann::json& error) {
    if (error.is_null()) return;
    table.add_row({"error", field_text(error, "code") + ": " + field_text(error, "message")});
}

void add_result(Table& table, const nlohmann::json& result) {
    if (result.is_null()) return;
    table.add_row({"result status", field_text(result, "status")});
    table.add_row({"result type", field_text(result, "content_type")});
    // JSON carries only UTF-8: other bodies come as base64.
    table.add_row({"result body", field(result, "body").is_null()
                                      ? "not UTF-8: --result prints it as it is"
                                      : field_text(result, "body")});
}

}  // namespace

std::string invocation_summary(const nlohmann::json& record) {
    std::string line = field_text(record, "id") + "  v" + field_text(record, "version") + "  " +
                       handler_text(record) + "  " + outcome_text(record) + "  " +
                       milliseconds(field(record, "timings"), "total_ms");
    if (field(record, "cold_start") == true) line += "  cold start";
    return printable(line);
}

std::string invocation_logs(const nlohmann::json& record, const std::string& indent) {
    std::string out;
    for (const nlohmann::json& line : field(record, "logs"))
        out += indent + printable(to_text(line)) + "\n";
    const nlohmann::json& dropped = field(record, "logs_dropped");
    if (dropped.is_number() && dropped != 0)
        out += indent + "(" + to_text(dropped) + " more lines dropped: over the per-call cap)\n";
    return out;
}

std::string invocation_details(const nlohmann::json& record) {
    const nlohmann::json& timings = field(record, "timings");
    Table table;
    table.add_row({"id", field_text(record, "id")});
    table.add_row({"function", field_text(record, "function")});
    table.add_row({"version", field_text(record, "version")});
    table.add_row({"handler", handler_text(record)});
    table.add_row({"async", field_text(record, "async")});
    table.add_row({"state", field_text(record, "state")});
    table.add_row({"received", field_text(record, "received_at")});
    table.add_row({"status", field_text(record, "status")});
    table.add_row({"outcome", field_text(record, "outcome")});
    add_error(table, field(record, "error"));
    table.add_row({"cold start", field_text(record, "cold_start")});
    table.add_row({"trace id", field_text(record, "trace_id")});
    table.add_row({"queued", milliseconds(timings, "queued_ms")});
    table.add_row({"in sandbox", milliseconds(timings, "sandbox_ms")});
    table.add_row({"total", milliseconds(timings, "total_ms")});
    add_result(table, field(record, "result"));
    const std::string logs = invocation_logs(record, "  ");
    return table.render() + (logs.empty() ? "logs: none\n" : "logs:\n" + logs);
}

}  // namespace ember::cli
