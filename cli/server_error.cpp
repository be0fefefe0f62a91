// Error answers of emberd as exceptions with the server's code and message.
#include "cli/server_error.hpp"

#include <nlohmann/json.hpp>

#include "base/printable.hpp"

namespace ember::cli {
namespace {

// Enough of an unexpected body to recognise it (a proxy's error page, say).
constexpr std::size_t shown_body_bytes = 200;

std::string describe(const HttpReply& reply) {
    std::string status = "HTTP " + std::to_string(reply.status);
    if (const auto error = parse_error_body(reply.body)) {
        // The id leads to the call's record and log lines (ember invocation ID).
        if (!error->invocation_id.empty())
            status += ", invocation " + printable(error->invocation_id);
        return printable(error->code) + ": " + printable(error->message) + " (" + status + ")";
    }
    if (reply.body.empty()) return status;
    std::string shown = printable(reply.body.substr(0, shown_body_bytes));
    if (reply.body.size() > shown_body_bytes) shown += "...";
    return status + ": " + shown;
}

}  // namespace

std::optional<ErrorBody> parse_error_body(const std::string& body) {
    const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object() || !json.contains("error")) return std::nullopt;
    const nlohmann::json& error = json["error"];
    if (!error.is_object()) return std::nullopt;
    const auto code = error.find("code");
    const auto message = error.find("message");
    if (code == error.end() || !code->is_string()) return std::nullopt;
    if (message == error.end() || !message->is_string()) return std::nullopt;
    ErrorBody out{code->get<std::string>(), message->get<std::string>(), {}};
    if (const auto id = error.find("invocation_id"); id != error.end() && id->is_string())
        out.invocation_id = id->get<std::string>();
    return out;
}

ServerError::ServerError(const HttpReply& reply) : std::runtime_error(describe(reply)) {}

}  // namespace ember::cli
