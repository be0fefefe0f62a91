// FetchPolicy: what one function's fetches may reach and how much of the
// host each may take. Built once per function from its config.
#pragma once

#include <chrono>
#include <cstddef>

#include "fetch/allowed_hosts.hpp"

namespace ember::fetch {

struct FetchPolicy {
    // The hosts and ports a fetch, and every redirect it follows, may go to.
    AllowedHosts allowed_hosts;
    // The response's header block plus its (decoded) body; beyond it the
    // fetch ends too_large, never with a truncated body.
    std::size_t max_response_bytes = 1024 * 1024;
    // Per address tried, TCP connect and TLS handshake together.
    std::chrono::milliseconds connect_timeout{5000};
    // The longest the server may go without taking request bytes or
    // sending response bytes; a slow but steady server is bounded by the
    // caller's deadline instead.
    std::chrono::milliseconds read_timeout{10000};
    // Redirects (301, 302, 303, 307, 308) followed; one more is a protocol_error.
    unsigned max_redirects = 5;
};

}  // namespace ember::fetch
