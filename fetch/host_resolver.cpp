// Lookups on the resolver's own threads, waited for until a deadline (see
// host_resolver.hpp).
#include "fetch/host_resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include <netinet/in.h>

namespace ember::fetch {

struct HostResolver::Job {
    std::string host;
    bool done = false;
    bool abandoned = false;
    LookupResult result;
};

LookupResult system_lookup(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int error = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (error != 0) return {{}, ::gai_strerror(error)};
    LookupResult result;
    for (const addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
        IpAddress address;
        if (entry->ai_family == AF_INET) {
            const auto* in = reinterpret_cast<const sockaddr_in*>(entry->ai_addr);
            std::memcpy(address.bytes.data(), &in->sin_addr, 4);
        } else if (entry->ai_family == AF_INET6) {
            const auto* in6 = reinterpret_cast<const sockaddr_in6*>(entry->ai_addr);
            address.family = IpAddress::Family::v6;
            std::memcpy(address.bytes.data(), &in6->sin6_addr, 16);
        } else {
            continue;
        }
        if (std::find(result.addresses.begin(), result.addresses.end(), address) ==
            result.addresses.end())
            result.addresses.push_back(address);
    }
    ::freeaddrinfo(list);
    if (result.addresses.empty()) result.error = "no IPv4 or IPv6 address";
    return result;
}

HostResolver::HostResolver(std::size_t threads, Lookup lookup) : lookup_(std::move(lookup)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
        threads_.emplace_back([this] { work(); });
}

HostResolver::~HostResolver() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    job_queued_.notify_all();
    for (std::thread& thread : threads_)
        thread.join();
}

HostResolver::Answer HostResolver::resolve(const std::string& host,
                                           std::chrono::steady_clock::time_point deadline) {
    auto job = std::make_shared<Job>();
    job->host = host;
    std::unique_lock lock(mutex_);
    queue_.push_back(job);
    job_queued_.notify_one();
    // A signal that interrupts the wait (the call timer's kick) only wakes
    // it early: the predicate is checked again.
    if (!job_done_.wait_until(lock, deadline, [&] { return job->done; })) {
        job->abandoned = true;
        return {FetchStatus::deadline, "the deadline passed while resolving " + host, {}};
    }
    if (job->result.addresses.empty())
        return {FetchStatus::unreachable, "cannot resolve " + host + ": " + job->result.error, {}};
    return {FetchStatus::ok, {}, std::move(job->result.addresses)};
}

void HostResolver::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        job_queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        const std::shared_ptr<Job> job = std::move(queue_.front());
        queue_.pop_front();
        if (job->abandoned) continue;
        lock.unlock();
        LookupResult result;
        try {
            result = lookup_(job->host);
        } catch (const std::exception& e) {
            result.error = e.what();
        }
        lock.lock();
        job->result = std::move(result);
        job->done = true;
        job_done_.notify_all();
    }
}

}  // namespace ember::fetch
