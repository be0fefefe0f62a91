// End-to-end: many clients at once, a full queue, and redeploys and deletes
// while calls are running. Catch2 assertions are not thread-safe, so client
// threads only record what they saw; the test thread checks it afterwards.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Failures seen by client threads: a count and the first few descriptions.
class Failures {
  public:
    void add(std::string what) {
        ++count_;
        std::lock_guard lock(mutex_);
        if (first_.size() < 5) first_.push_back(std::move(what));
    }
    int count() const { return count_.load(); }
    std::string describe() const {
        std::lock_guard lock(mutex_);
        std::string text;
        for (const std::string& what : first_)
            text += what + "\n";
        return text;
    }

  private:
    std::atomic<int> count_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> first_;
};

// One call on the thread's client; a ClientError is a failure too.
std::optional<Response> call(HttpClient& client, std::string_view name, std::string_view input,
                             Failures& failures) {
    try {
        return invoke(client, name, input);
    } catch (const std::exception& e) {
        failures.add(std::string(name) + ": " + e.what());
        return std::nullopt;
    }
}

unsigned long long fib(unsigned n) {
    unsigned long long a = 0, b = 1;
    for (unsigned i = 0; i < n; ++i) {
        const unsigned long long next = a + b;
        a = b;
        b = next;
    }
    return a;
}

TEST_CASE("many clients call many functions at once", "[kvm][e2e]") {
    Daemon daemon({.log_level = "info"});  // debug logs every call
    HttpClient admin = daemon.client();
    for (const char* name : {"echo", "hello", "counter", "fib"})
        deploy_ok(admin, name, name);

    constexpr int threads = 8;
    constexpr int calls = 100;
    Failures failures;
    std::atomic<int> succeeded{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([&, t] {
            HttpClient client = daemon.client();
            for (int i = 0; i < calls; ++i) {
                const std::string tag = std::to_string(t) + ":" + std::to_string(i);
                std::string name;
                std::string input;
                std::string expected;
                switch ((t + i) % 4) {
                    case 0:
                        name = "echo", input = "echo " + tag, expected = input;
                        break;
                    case 1:
                        name = "hello", input = tag, expected = "Hello, " + tag + "!";
                        break;
                    case 2:
                        name = "counter", expected = "1";
                        break;
                    default: {
                        const unsigned n = static_cast<unsigned>((t * calls + i) % 91);
                        name = "fib", input = std::to_string(n), expected = std::to_string(fib(n));
                    }
                }
                const auto response = call(client, name, input, failures);
                if (!response) continue;
                if (response->status != 200 || response->body != expected) {
                    failures.add(name + " '" + input + "' expected '" + expected + "', got " +
                                 response->summary());
                } else {
                    ++succeeded;
                }
            }
        });
    }
    for (std::thread& client : clients)
        client.join();
    INFO(failures.describe());
    CHECK(failures.count() == 0);
    CHECK(succeeded.load() == threads * calls);
    CHECK(daemon.request("GET", "/healthz").status == 200);
}

TEST_CASE("a full queue answers 429 overloaded with Retry-After", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient admin = daemon.client();
    // One sandbox, no queue, and a guest that holds it until its timeout.
    deploy_ok(admin, "spin", "t_infinite_loop",
              "pool_min=1&pool_max=1&max_queue=0&timeout_ms=3000");

    BackgroundCall slow(daemon, "spin");
    CHECK(wait_until_busy(admin, "spin"));

    int overloaded = 0;
    for (int i = 0; i < 3; ++i) {
        HttpClient client = daemon.client();
        const Response response = invoke(client, "spin", "", "handler=ok");
        INFO(response.summary());
        if (response.status == 429) {
            ++overloaded;
            check_error(response, 429, "overloaded");
            const std::string retry_after = response.header("retry-after");
            INFO("Retry-After: " << retry_after);
            CHECK(is_decimal(retry_after));
        }
    }
    // Only the (bounded) timing of the holder can make one of them succeed.
    CHECK(overloaded >= 1);

    check_error(slow.finish(), 504, "timeout");
    // Once the sandbox is back, calls go through again.
    const Response after = invoke(admin, "spin", "free", "handler=ok");
    CHECK(after.status == 200);
    CHECK(after.body == "free");
}

TEST_CASE("redeploying while calls run loses none", "[kvm][e2e]") {
    Daemon daemon({.log_level = "info"});
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");

    constexpr int threads = 4;
    constexpr int redeploys = 5;
    constexpr unsigned final_version = 1 + redeploys;
    Failures failures;
    std::atomic<bool> deploys_done{false};
    std::vector<unsigned> last_versions(threads, 0);
    std::vector<std::atomic<int>> call_counts(threads);
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([&, t] {
            HttpClient client = daemon.client();
            unsigned last = 0;
            // Calls until the final version has been seen after the last
            // deploy, or a bounded time has passed.
            const auto give_up = Clock::now() + 60s;
            for (int i = 0; Clock::now() < give_up; ++i) {
                const bool done = deploys_done.load();
                const std::string input = "t" + std::to_string(t) + "-" + std::to_string(i);
                const auto response = call(client, "echo", input, failures);
                ++call_counts[t];
                if (!response) continue;
                if (response->status != 200 || response->body != input) {
                    failures.add("'" + input + "': " + response->summary());
                    continue;
                }
                const std::string version_text = response->header("x-ember-version");
                if (!is_decimal(version_text)) {
                    failures.add("'" + input + "': X-Ember-Version '" + version_text + "'");
                    continue;
                }
                const unsigned version = static_cast<unsigned>(std::stoul(version_text));
                if (version < last) {
                    failures.add("version went back from " + std::to_string(last) + " to " +
                                 version_text);
                }
                last = std::max(last, version);
                if (done && last == final_version) break;
            }
            last_versions[t] = last;
        });
    }
    // Each redeploy starts once every thread made a few more calls, so that
    // calls and deploys interleave (bounded wait).
    auto wait_for_calls = [&](int more) {
        std::vector<int> targets;
        for (const auto& count : call_counts)
            targets.push_back(count.load() + more);
        const auto limit = Clock::now() + 10s;
        for (int t = 0; t < threads && Clock::now() < limit; ++t) {
            while (call_counts[t].load() < targets[t] && Clock::now() < limit)
                std::this_thread::sleep_for(1ms);
        }
    };
    for (int i = 0; i < redeploys; ++i) {
        wait_for_calls(3);
        const Response response = deploy(admin, "echo", "echo");
        INFO("redeploy " << i << ": " << response.summary());
        CHECK(response.status == 201);
        CHECK(response.json().at("version") == 2 + i);
    }
    deploys_done = true;
    for (std::thread& client : clients)
        client.join();

    INFO(failures.describe());
    CHECK(failures.count() == 0);
    for (int t = 0; t < threads; ++t) {
        INFO("thread " << t << " made " << call_counts[t].load() << " calls");
        CHECK(last_versions[t] == final_version);
    }
}

TEST_CASE("concurrent deploys of one name get distinct versions", "[kvm][e2e]") {
    Daemon daemon({.log_level = "info"});
    constexpr int threads = 3;
    constexpr int rounds = 3;
    Failures failures;
    std::mutex mutex;
    std::vector<unsigned> versions;
    std::vector<std::thread> deployers;
    for (int t = 0; t < threads; ++t) {
        deployers.emplace_back([&] {
            HttpClient client = daemon.client();
            for (int i = 0; i < rounds; ++i) {
                try {
                    const Response response = deploy(client, "echo", "echo");
                    if (response.status == 201) {
                        std::lock_guard lock(mutex);
                        versions.push_back(response.json().at("version").get<unsigned>());
                    } else if (response.status != 409) {  // docs/api.md: 409 conflict is allowed
                        failures.add(response.summary());
                    }
                } catch (const std::exception& e) {
                    failures.add(e.what());
                }
            }
        });
    }
    for (std::thread& deployer : deployers)
        deployer.join();
    INFO(failures.describe());
    CHECK(failures.count() == 0);
    REQUIRE_FALSE(versions.empty());
    std::sort(versions.begin(), versions.end());
    CHECK(std::adjacent_find(versions.begin(), versions.end()) == versions.end());
    // The function serves the highest version that was answered 201.
    HttpClient client = daemon.client();
    const Response described = client.request("GET", "/v1/functions/echo");
    REQUIRE(described.status == 200);
    CHECK(described.json().at("version") == versions.back());
    const Response call = invoke(client, "echo", "last");
    CHECK(call.body == "last");
    CHECK(call.header("x-ember-version") == std::to_string(versions.back()));
}

TEST_CASE("deleting while calls run fails none with a 5xx", "[kvm][e2e]") {
    Daemon daemon({.log_level = "info"});
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");
    deploy_ok(admin, "other", "echo");

    constexpr int threads = 4;
    Failures failures;
    std::atomic<int> succeeded{0};
    // One flag per thread: std::vector<bool> packs them into shared words,
    // which the threads would write at once.
    std::array<std::atomic<bool>, threads> saw_404{};
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([&, t] {
            HttpClient client = daemon.client();
            const auto give_up = Clock::now() + 30s;
            for (int i = 0; Clock::now() < give_up; ++i) {
                const std::string input = "t" + std::to_string(t) + "-" + std::to_string(i);
                const auto response = call(client, "echo", input, failures);
                if (!response) continue;
                if (response->status == 200 && response->body == input) {
                    ++succeeded;
                } else if (response->status == 404 && response->json().is_object() &&
                           response->json().at("error").at("code") == "function_not_found") {
                    saw_404[t].store(true);
                    break;  // deleted: every later call is a 404 too
                } else {
                    failures.add("'" + input + "': " + response->summary());
                }
            }
        });
    }
    // Delete once the calls are under way.
    for (int i = 0; i < 500 && succeeded.load() < 20; ++i)
        std::this_thread::sleep_for(10ms);
    const Response removed = admin.request("DELETE", "/v1/functions/echo");
    INFO(removed.summary());
    CHECK(removed.status == 204);
    for (std::thread& client : clients)
        client.join();

    INFO(failures.describe());
    CHECK(failures.count() == 0);
    CHECK(succeeded.load() >= 20);
    for (int t = 0; t < threads; ++t)
        CHECK(saw_404[t].load());
    // The daemon keeps serving the others.
    CHECK(daemon.request("GET", "/healthz").status == 200);
    HttpClient client = daemon.client();
    CHECK(invoke(client, "other", "still").body == "still");
}

}  // namespace
}  // namespace ember::e2e
