// The host function http_fetch (its ABI is in ember/abi.h): outbound HTTP
// for one function, under its policy (its allowed_hosts and the daemon's
// bounds), cut off at the call's deadline.
#pragma once

#include <memory>

#include "fetch/fetch_policy.hpp"
#include "fetch/fetcher.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

// Adds http_fetch to `table`. A fetch that fails puts one line saying why
// into the call's log (it names no header value, path or body).
void add_fetch_host_function(sandbox::HostFunctions& table, std::shared_ptr<fetch::Fetcher> fetcher,
                             fetch::FetchPolicy policy);

}  // namespace ember::capabilities
