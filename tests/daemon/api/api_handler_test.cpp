// The REST API over fake versions (no /dev/kvm): a function's description
// and /metrics count the same calls, refused and timed-out ones included.
#include "daemon/api/api_handler.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>

#include "tests/daemon/api/api_fixture.hpp"
#include "tests/eventually.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;

namespace {

// The sum of the samples in /metrics' text whose series starts with
// `selector`, e.g. ember_invocations_total{function="echo" for every outcome.
uint64_t metric(const std::string& text, const std::string& selector) {
    uint64_t sum = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(selector, 0) == 0) sum += std::stoull(line.substr(line.rfind(' ') + 1));
    }
    return sum;
}

std::string error_code(const http::Response& response) {
    return nlohmann::json::parse(response.body)["error"]["code"];
}

std::string error_message(const http::Response& response) {
    return nlohmann::json::parse(response.body)["error"]["message"];
}

bool has_header(const http::Response& response, std::string_view name, std::string_view value) {
    for (const auto& [n, v] : response.headers)
        if (n == name && v == value) return true;
    return false;
}

}  // namespace

TEST_CASE("describe and /metrics count the same calls, 429 and 504 included", "[api]") {
    Fixture f;
    FunctionConfig config;
    config.pool_max = 1;
    config.max_queue = 1;
    config.timeout_ms = 300;
    f.metrics.add_function("echo");
    f.registry.deploy("echo", binary("v1"), config);
    const auto deployment = f.registry.find("echo");

    f.versions.call_gate->close();
    Replies replies;
    f.send("POST", "/v1/functions/echo/invoke", replies);  // holds the sandbox: 504
    REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 1; },
                                    std::chrono::seconds(20)));
    f.send("POST", "/v1/functions/echo/invoke", replies);  // queued: 504
    REQUIRE(deployment->pool->stats().queued == 1);
    f.send("POST", "/v1/functions/echo/invoke", replies);  // queue full: 429
    std::vector<unsigned> statuses;
    for (const http::Response& r : replies.wait_for(3))
        statuses.push_back(r.status);
    std::sort(statuses.begin(), statuses.end());
    CHECK(statuses == std::vector<unsigned>{429, 504, 504});

    f.versions.call_gate->open();
    Replies ok;
    f.send("POST", "/v1/functions/echo/invoke", ok);
    CHECK(ok.wait_for(1).at(0).status == 200);

    const auto described = nlohmann::json::parse(f.get("/v1/functions/echo").body)["stats"];
    const std::string text = f.get("/metrics").body;
    CHECK(described["invocations"] == 4);
    CHECK(described["errors"] == 3);
    const std::string echo = R"(ember_invocations_total{function="echo")";
    CHECK(metric(text, echo) == described["invocations"]);
    CHECK(metric(text, echo) - metric(text, echo + R"(,outcome="ok")") == described["errors"]);
    CHECK(metric(text, echo + R"(,outcome="overloaded")") == 1);
    CHECK(metric(text, echo + R"(,outcome="timeout")") == 2);
    CHECK(metric(text, R"(ember_cold_starts_total{function="echo")") == described["cold_starts"]);
}

TEST_CASE("an unknown function is the same 404 from every endpoint", "[api]") {
    Fixture f;
    const http::Response listed = f.get("/v1/functions/nobody/invocations");
    Replies invoke;
    f.send("POST", "/v1/functions/nobody/invoke", invoke);
    const http::Response invoked = invoke.wait_for(1).at(0);
    const http::Response described = f.get("/v1/functions/nobody");
    Replies removed;
    f.send("DELETE", "/v1/functions/nobody", removed);
    for (const http::Response& r : {invoked, described, removed.wait_for(1).at(0), listed}) {
        CHECK(r.status == 404);
        const auto error = nlohmann::json::parse(r.body)["error"];
        CHECK(error["code"] == "function_not_found");
        CHECK(error["message"] == "no function named 'nobody'");
    }
    // The call was an invocation: its error names it.
    CHECK(nlohmann::json::parse(invoked.body)["error"]["invocation_id"] ==
          header(invoked, "X-Ember-Invocation-Id"));
}

TEST_CASE("a deploy does not wait for the executors that run calls", "[api]") {
    Fixture f;
    ExecutorHold hold(f.executor, 2);
    Replies deployed;
    f.send("PUT", "/v1/functions/fresh", deployed, "v1");
    const http::Response reply = deployed.wait_for(1).at(0);
    hold.release();
    CHECK(reply.status == 201);
    CHECK(f.registry.find("fresh") != nullptr);
}

TEST_CASE("a deploy asking for more than function_limits is 400, naming the key", "[api]") {
    DaemonConfig config;
    config.function_limits = {.memory_mb = 32, .pool_max = 4};
    Fixture f(config);
    const http::Response memory = f.deploy("big", {{"memory_mb", "64"}});
    CHECK(memory.status == 400);
    CHECK(error_code(memory) == "invalid_config");
    CHECK(error_message(memory) ==
          "memory_mb: 64 is over this daemon's limit of 32 (function_limits.memory_mb)");
    const http::Response pool = f.deploy("big", {{"pool_max", "5"}});
    CHECK(pool.status == 400);
    CHECK_THAT(error_message(pool), Catch::Matchers::Contains("function_limits.pool_max"));
    CHECK(f.versions.boots == 0);  // refused before anything ran

    CHECK(f.deploy("big", {{"memory_mb", "32"}, {"pool_max", "4"}}).status == 201);
    CHECK(f.invoke("big").status == 200);
}

TEST_CASE("an invoke that needs a sandbox past max_guest_memory_mb is 503 memory_exhausted",
          "[api]") {
    DaemonConfig config;
    config.max_guest_memory_mb = 32;
    config.pool_idle_ms = 1;
    config.executor_threads_per_function = 2;  // both of hog's calls run at once
    Fixture f(config);
    REQUIRE(
        f.deploy(
             "hog",
             {{"memory_mb", "16"}, {"pool_min", "1"}, {"pool_max", "2"}, {"timeout_ms", "60000"}})
            .status == 201);
    REQUIRE(f.deploy("lean", {{"memory_mb", "16"}, {"pool_min", "0"}, {"pool_max", "1"}}).status ==
            201);

    // Two calls of hog hold two sandboxes: all 32 MiB.
    f.versions.call_gate->close();
    Replies held;
    f.send("POST", "/v1/functions/hog/invoke", held);
    f.send("POST", "/v1/functions/hog/invoke", held);
    REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 2; },
                                    std::chrono::seconds(20)));
    const http::Response refused = f.invoke("lean");
    CHECK(refused.status == 503);
    CHECK(error_code(refused) == "memory_exhausted");
    CHECK_THAT(error_message(refused), Catch::Matchers::Contains("max_guest_memory_mb"));
    CHECK(has_header(refused, "Retry-After", "1"));

    // Once hog's calls end, its pool shrinks back to pool_min and lean runs.
    f.versions.call_gate->open();
    for (const http::Response& r : held.wait_for(2))
        CHECK(r.status == 200);
    REQUIRE(ember::test::eventually([&] { return f.registry.guest_memory().used() == (16u << 20); },
                                    std::chrono::seconds(20)));
    CHECK(f.invoke("lean").status == 200);
    CHECK(f.invoke("hog").status == 200);
    const std::string text = f.get("/metrics").body;
    CHECK(metric(text, R"(ember_invocations_total{function="lean",outcome="unavailable"})") == 1);
}
