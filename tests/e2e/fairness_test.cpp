// End-to-end: functions whose calls spin until their timeout take no more
// than their share of the executor threads, and another function keeps
// answering within its own timeout meanwhile.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// The code of an error reply, "" for any other.
std::string error_code(const Response& response) {
    const nlohmann::json body = response.json();
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return "";
    return body["error"].value("code", "");
}

// Clients that call one function over and over until stopped, each on its
// own connection, keeping that many of its calls in emberd at all times.
// Only the test's thread asserts: the callers record what they got.
class Callers {
  public:
    Callers(const Daemon& daemon, std::string name, int count) {
        for (int i = 0; i < count; ++i) {
            threads_.emplace_back([this, client = daemon.client(), name]() mutable {
                while (!stop_) {
                    try {
                        const Response response = invoke(client, name);
                        record(std::to_string(response.status) + " " + error_code(response));
                    } catch (const std::exception& e) {
                        record(std::string("no reply: ") + e.what());
                    }
                }
            });
        }
    }
    ~Callers() { stop(); }
    Callers(const Callers&) = delete;
    Callers& operator=(const Callers&) = delete;

    void stop() {
        stop_ = true;
        for (std::thread& thread : threads_)
            if (thread.joinable()) thread.join();
    }
    // Every distinct answer seen ("504 timeout", ...).
    std::vector<std::string> answers() const {
        std::lock_guard lock(mutex_);
        return answers_;
    }

  private:
    void record(std::string answer) {
        std::lock_guard lock(mutex_);
        if (std::find(answers_.begin(), answers_.end(), answer) == answers_.end())
            answers_.push_back(std::move(answer));
    }

    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> answers_;
    std::vector<std::thread> threads_;
};

// Calls echo `count` times, one after the other; CHECKs that each answers
// 200 with its input, and returns the latencies (in ms) seen.
std::vector<double> call_echo(const Daemon& daemon, int count) {
    HttpClient client = daemon.client();
    std::vector<double> latencies;
    for (int i = 0; i < count; ++i) {
        const std::string input = "echo " + std::to_string(i);
        const auto sent = Clock::now();
        const Response response = invoke(client, "echo", input);
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        INFO("call " << i << ": " << response.summary());
        REQUIRE(response.status == 200);
        REQUIRE(response.body == input);
    }
    return latencies;
}

void report(const char* what, std::vector<double> latencies) {
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) {
        return latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))];
    };
    std::printf("%s: echo over %zu calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", what,
                latencies.size(), at(0.5), at(0.99), latencies.back());
}

void check_only_timeouts(const Callers& callers) {
    for (const std::string& answer : callers.answers()) {
        INFO(answer);
        CHECK(answer == "504 timeout");
    }
}

TEST_CASE("one spinning function cannot take every executor thread (the defaults)",
          "[kvm][e2e][fairness]") {
    // executor_threads 2, so one thread per function.
    Daemon daemon({.log_level = "info"});
    HttpClient admin = daemon.client();
    // Warm sandboxes for both calls, so that both count as busy at once.
    deploy_ok(admin, "spin", "t_infinite_loop", "timeout_ms=3000&pool_min=2");
    deploy_ok(admin, "echo", "echo");

    Callers spin(daemon, "spin", 2);
    // Both calls are in: one runs, the other waits for spin's thread.
    REQUIRE(wait_until_busy(admin, "spin", 2));
    const std::vector<double> latencies = call_echo(daemon, 100);
    spin.stop();
    check_only_timeouts(spin);
    report("one spinning function, 2 threads", latencies);
}

TEST_CASE("two spinning functions at their share leave echo answering within its timeout",
          "[kvm][e2e][fairness]") {
    Daemon daemon({.config = {{"executor_threads", 3}, {"executor_threads_per_function", 1}},
                   .log_level = "info"});
    HttpClient admin = daemon.client();
    deploy_ok(admin, "spin-a", "t_infinite_loop", "timeout_ms=3000&pool_min=3");
    deploy_ok(admin, "spin-b", "t_infinite_loop", "timeout_ms=3000&pool_min=3");
    deploy_ok(admin, "echo", "echo");

    // Three calls of each in emberd at all times: one running on its
    // function's one thread, two waiting for it.
    Callers spin_a(daemon, "spin-a", 3);
    Callers spin_b(daemon, "spin-b", 3);
    REQUIRE(wait_until_busy(admin, "spin-a", 3));
    REQUIRE(wait_until_busy(admin, "spin-b", 3));
    const std::vector<double> latencies = call_echo(daemon, 200);
    spin_a.stop();
    spin_b.stop();
    check_only_timeouts(spin_a);
    check_only_timeouts(spin_b);
    report("two spinning functions, 3 threads", latencies);
}

}  // namespace
}  // namespace ember::e2e
