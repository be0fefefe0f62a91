#include "fetch/host_resolver.hpp"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>

using namespace ember::fetch;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A lookup that blocks until released, as getaddrinfo does when the DNS
// server does not answer.
class StuckLookup {
  public:
    LookupResult operator()(const std::string&) {
        std::unique_lock lock(mutex_);
        ++started_;
        released_.wait(lock, [&] { return release_; });
        return {{*IpAddress::parse("192.0.2.1")}, {}};
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            release_ = true;
        }
        released_.notify_all();
    }
    int started() {
        std::lock_guard lock(mutex_);
        return started_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable released_;
    bool release_ = false;
    int started_ = 0;
};

}  // namespace

TEST_CASE("the system lookup resolves localhost through /etc/hosts", "[fetch]") {
    const LookupResult result = system_lookup("localhost");
    REQUIRE_FALSE(result.addresses.empty());
    CHECK(result.error.empty());
    const bool loopback = result.addresses.front() == *IpAddress::parse("127.0.0.1") ||
                          result.addresses.front() == *IpAddress::parse("::1");
    CHECK(loopback);
}

TEST_CASE("a name that does not resolve is unreachable, saying why", "[fetch]") {
    HostResolver resolver(1, [](const std::string&) { return LookupResult{{}, "Name not known"}; });
    const auto answer = resolver.resolve("nowhere.example", Clock::now() + 60s);
    CHECK(answer.status == FetchStatus::unreachable);
    CHECK(answer.message == "cannot resolve nowhere.example: Name not known");
}

TEST_CASE("a lookup that throws is unreachable", "[fetch]") {
    HostResolver resolver(1, [](const std::string&) -> LookupResult {
        throw std::runtime_error("resolver exploded");
    });
    const auto answer = resolver.resolve("a.example", Clock::now() + 60s);
    CHECK(answer.status == FetchStatus::unreachable);
    CHECK(answer.message == "cannot resolve a.example: resolver exploded");
}

TEST_CASE("a stuck lookup holds the caller only until its deadline", "[fetch]") {
    StuckLookup stuck;
    HostResolver resolver(1, [&](const std::string& host) { return stuck(host); });
    const auto answer = resolver.resolve("slow.example", Clock::now() + 50ms);
    CHECK(answer.status == FetchStatus::deadline);
    CHECK(answer.message == "the deadline passed while resolving slow.example");
    CHECK(stuck.started() == 1);

    // A second caller queues behind the stuck lookup and also leaves at its
    // deadline; its lookup is dropped, never run, once the first returns.
    CHECK(resolver.resolve("queued.example", Clock::now() + 50ms).status == FetchStatus::deadline);
    stuck.release();
    const auto later = resolver.resolve("later.example", Clock::now() + 60s);
    CHECK(later.status == FetchStatus::ok);
    CHECK(stuck.started() == 2);
}
