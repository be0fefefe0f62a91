// The invocation records over HTTP: GET /v1/invocations/{id}, its /result
// (an async call's reply, exactly as the sync call would have had it), and
// GET /v1/functions/{name}/invocations?limit=N (newest first).
#pragma once

#include <string>

#include "daemon/records/record_store.hpp"
#include "daemon/registry/function_registry.hpp"
#include "http/message.hpp"

namespace ember::daemon {

class RecordsEndpoint {
  public:
    static constexpr std::size_t default_list_limit = 20;
    static constexpr std::size_t max_list_limit = 1000;

    RecordsEndpoint(const RecordStore& records, const FunctionRegistry& registry);

    http::Response record(const std::string& id) const;
    http::Response result(const std::string& id) const;
    http::Response list(const std::string& function, const http::Request& request) const;

  private:
    const RecordStore& records_;
    const FunctionRegistry& registry_;
};

}  // namespace ember::daemon
