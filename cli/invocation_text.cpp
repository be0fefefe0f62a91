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

void add_result(Table& table, const nlohmann::json& result) {
    table.add_row({"result status", field_text(result, "status")});
    table.add_row({"result type", field_text(result, "content_type")});
    table.add_row({"result body", field_text(result, "body")});
}

}  // namespace

std::string invocation_summary(const nlohmann::json& record) {
    std::string line = printable(field_text(record, "id")) + "  v" +
                       printable(field_text(record, "version")) + "  " +
                       printable(field_text(record, "handler")) + "  " +
                       printable(field_text(record, "outcome")) + "  " +
                       milliseconds(field(record, "timings"), "total_ms");
    if (field(record, "cold_start") == true) line += "  cold start";
    return line;
}

std::string invocation_logs(const nlohmann::json& record, const std::string& indent) {
    std::string out;
    for (const nlohmann::json& line : field(record, "logs"))
        out += indent + printable(to_text(line)) + "\n";
    return out;
}

std::string invocation_details(const nlohmann::json& record) {
    const nlohmann::json& timings = field(record, "timings");
    Table table;
    table.add_row({"id", field_text(record, "id")});
    table.add_row({"function", field_text(record, "function")});
    table.add_row({"version", field_text(record, "version")});
    table.add_row({"handler", field_text(record, "handler")});
    table.add_row({"status", field_text(record, "status")});
    table.add_row({"outcome", field_text(record, "outcome")});
    table.add_row({"cold start", field_text(record, "cold_start")});
    table.add_row({"trace id", field_text(record, "trace_id")});
    table.add_row({"queued", milliseconds(timings, "queued_ms")});
    table.add_row({"in sandbox", milliseconds(timings, "sandbox_ms")});
    table.add_row({"total", milliseconds(timings, "total_ms")});
    if (const nlohmann::json& result = field(record, "result"); !result.is_null())
        add_result(table, result);
    const std::string logs = invocation_logs(record, "  ");
    return table.render() + (logs.empty() ? "logs: none\n" : "logs:\n" + logs);
}

}  // namespace ember::cli
