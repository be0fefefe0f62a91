// Reading records.
#include "daemon/api/records_endpoint.hpp"

#include <charconv>

#include "daemon/api/api_error.hpp"
#include "daemon/api/invocation_json.hpp"
#include "daemon/api/json_response.hpp"

namespace ember::daemon {

RecordsEndpoint::RecordsEndpoint(const RecordStore& records, const FunctionRegistry& registry)
    : records_(records), registry_(registry) {}

http::Response RecordsEndpoint::record(const std::string& id) const {
    const auto record = records_.find(id);
    if (!record) return error_response(ApiError::invocation_not_found, no_invocation_with_id(id));
    return json_response(200, to_json(*record));
}

http::Response RecordsEndpoint::result(const std::string& id) const {
    const auto record = records_.find(id);
    if (!record) return error_response(ApiError::invocation_not_found, no_invocation_with_id(id));
    if (!record->async) {
        return error_response(ApiError::result_not_found,
                              "invocation " + id +
                                  " was synchronous: its reply went to its caller, and its "
                                  "record is at /v1/invocations/" +
                                  id);
    }
    if (!record->final()) {
        return error_response(ApiError::result_pending,
                              "invocation " + id + " is " + std::string(to_string(record->state)) +
                                  ": ask again shortly",
                              id);
    }
    // Every ended async call has one: its reply, or the error that ended it.
    return *record->result;
}

http::Response RecordsEndpoint::list(const std::string& function,
                                     const http::Request& request) const {
    std::size_t limit = default_list_limit;
    if (const std::string* text = request.query_param("limit")) {
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
        if (error != std::errc() || end != text->data() + text->size() || limit < 1 ||
            limit > max_list_limit) {
            return error_response(
                ApiError::invalid_config,
                "limit: '" + *text + "' is not a number in 1.." + std::to_string(max_list_limit));
        }
    }
    for (const auto& [name, value] : request.query) {
        if (name != "limit")
            return error_response(ApiError::invalid_config,
                                  "unknown query parameter '" + name + "'");
    }
    const std::vector<InvocationRecord> records = records_.newest(function, limit);
    if (records.empty() && !registry_.find(function)) return function_not_found(function);
    nlohmann::json list = nlohmann::json::array();
    for (const InvocationRecord& record : records)
        list.push_back(to_json(record));
    return json_response(200, {{"invocations", list}});
}

}  // namespace ember::daemon
