// An invocation record (GET /v1/invocations/{id}) as text for people: the
// one-line summary `ember logs` heads each call with, and the full listing
// of `ember invocation`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ember::cli {

// "ID  vVERSION  HANDLER  OUTCOME  TOTAL ms[  cold start]"; until the call
// has ended, its state (queued, running) stands for the outcome.
std::string invocation_summary(const nlohmann::json& record);

// The record's guest log lines, each made printable and indented by
// `indent`, and how many were dropped.
std::string invocation_logs(const nlohmann::json& record, const std::string& indent);

// Every field, the timings, the log lines and (for an async call) the result.
std::string invocation_details(const nlohmann::json& record);

}  // namespace ember::cli
