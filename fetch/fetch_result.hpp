// FetchResult: how a fetch ended, and the response when it is ok.
#pragma once

#include <string>

#include "fetch/fetch_request.hpp"
#include "fetch/fetch_status.hpp"

namespace ember::fetch {

struct FetchResponse {
    unsigned status_code = 0;  // 100..999 as the server sent it
    HeaderFields headers;      // names in lower case, in the order received
    std::string body;          // decoded from chunked framing
};

struct FetchResult {
    FetchStatus status = FetchStatus::ok;
    // Empty when ok; otherwise one line for a person, e.g. "api.example.com:443
    // is not in allowed_hosts". It may name the host, the port, the method,
    // and header names, never a header value, a path, a query or a body.
    std::string message;
    FetchResponse response;  // meaningful only when status is ok
};

}  // namespace ember::fetch
