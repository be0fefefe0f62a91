// FetchStatus: how an outbound HTTP fetch ended, as a value the guest will see.
#pragma once

#include <string_view>

namespace ember::fetch {

// Every outcome a caller must tell apart. A fetch never throws for any of
// these: they are results (see fetcher.hpp).
enum class FetchStatus {
    ok,               // a final response arrived whole (any HTTP status code)
    denied,           // the URL, a redirect or every address of the host is not allowed
    invalid_request,  // a method, URL, header or body the fetch refuses to send
    unreachable,      // the name does not resolve, or no address accepts a connection
    timeout,          // connect_timeout or read_timeout passed
    deadline,         // the caller's deadline passed
    too_large,        // the response is larger than max_response_bytes
    protocol_error,   // not HTTP/1.x, a broken TLS session, a cut-off body, too many redirects
};

// A short lowercase name, e.g. "too_large".
std::string_view to_string(FetchStatus status);

}  // namespace ember::fetch
