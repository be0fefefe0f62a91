// Fetcher: outbound HTTP for guests, the host side of http_fetch. A fetch
// goes only to hosts and ports in the function's allowed_hosts, only to
// public addresses unless the entry is the address itself, follows
// redirects under the same rules, stays within the policy's bounds, and
// returns within a few milliseconds of the caller's deadline.
//
// One Fetcher serves the whole daemon: it owns the resolver threads and the
// TLS trust store. fetch() runs on the calling thread (a vCPU or executor
// thread), on an io_context of its own, and may run on many threads at
// once. It never throws for what the request, the network or a server
// does: every outcome is a FetchResult. It throws only when the host itself
// fails (no memory, no file descriptor left for a socket).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "fetch/fetch_policy.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/fetch_result.hpp"
#include "fetch/host_resolver.hpp"
#include "fetch/http_exchange.hpp"

namespace ember::fetch {

struct FetcherOptions {
    // Threads that run getaddrinfo; a stuck lookup holds one of them.
    std::size_t resolver_threads = 2;
    // A PEM file of CA certificates trusted for https besides the system's
    // (a private CA, or a test's); empty: the system's store only.
    std::string extra_ca_file;
    HostResolver::Lookup lookup = system_lookup;
};

class Fetcher {
  public:
    // Throws std::runtime_error when extra_ca_file cannot be loaded.
    explicit Fetcher(FetcherOptions options = {});

    // Sends `request` under `policy`; gives up with FetchStatus::deadline
    // once `deadline` passes.
    //
    // A redirect (301, 302, 303, 307, 308 with a Location) is followed when
    // its target is allowed, up to policy.max_redirects; a redirect to a
    // host that is not allowed ends the fetch denied. 303, and 301 or 302
    // after a POST, continue as a GET without a body (as browsers do); 307
    // and 308 keep the method and body. Authorization, Cookie and
    // Proxy-Authorization are not sent on to another origin (scheme, host,
    // port). Each response of the chain is held to max_response_bytes.
    FetchResult fetch(const FetchRequest& request, const FetchPolicy& policy,
                      std::chrono::steady_clock::time_point deadline);

  private:
    // One hop: the allow-list, the addresses, the exchange.
    FetchResult fetch_once(const FetchUrl& url, const OutgoingRequest& request,
                           const FetchPolicy& policy,
                           std::chrono::steady_clock::time_point deadline);

    HostResolver resolver_;
    HttpExchanger exchanger_;
};

}  // namespace ember::fetch
