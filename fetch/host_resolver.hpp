// HostResolver: name resolution that a caller can walk away from at its
// deadline. getaddrinfo blocks and cannot be cancelled, so lookups run on a
// few threads this object owns, and the caller waits for the answer only
// until its deadline: a stuck DNS server holds a resolver thread, never the
// caller (which is a vCPU or executor thread).
//
// Thread-safety: resolve() may be called from any number of threads at once.
// Lookups queue for the resolver threads; one whose caller has given up is
// dropped before it starts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fetch/fetch_status.hpp"
#include "fetch/ip_address.hpp"

namespace ember::fetch {

struct LookupResult {
    std::vector<IpAddress> addresses;  // in the resolver's order, no duplicates
    std::string error;                 // why there are none, when there are none
};

// The addresses of a host name for TCP, through getaddrinfo (so /etc/hosts
// and the system's DNS configuration apply).
LookupResult system_lookup(const std::string& host);

class HostResolver {
  public:
    // The blocking lookup a resolver thread runs; tests pass one that stalls.
    using Lookup = std::function<LookupResult(const std::string& host)>;

    struct Answer {
        FetchStatus status = FetchStatus::ok;  // ok, unreachable or deadline
        std::string message;
        std::vector<IpAddress> addresses;  // not empty when ok
    };

    explicit HostResolver(std::size_t threads = 2, Lookup lookup = system_lookup);
    // Joins the resolver threads, so it waits for lookups in progress; a
    // getaddrinfo gives up after the resolver's own timeouts (resolv.conf).
    ~HostResolver();
    HostResolver(const HostResolver&) = delete;
    HostResolver& operator=(const HostResolver&) = delete;

    // The addresses of `host`, or unreachable, or deadline once `deadline`
    // passes, whatever the lookup is doing.
    Answer resolve(const std::string& host, std::chrono::steady_clock::time_point deadline);

  private:
    struct Job;

    void work();

    Lookup lookup_;
    std::mutex mutex_;
    std::condition_variable job_queued_;
    std::condition_variable job_done_;
    std::deque<std::shared_ptr<Job>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace ember::fetch
