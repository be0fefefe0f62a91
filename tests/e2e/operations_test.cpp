// End-to-end: the operations endpoints (/healthz, /readyz, /metrics), the
// drain on SIGTERM (and the end of its grace), and bearer-token authentication.
#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>
#include <thread>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// The value of the first sample line of `metrics` that starts with `prefix`
// (name plus labels as far as given), or -1 when there is none.
double sample(const std::string& metrics, std::string_view prefix) {
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with(prefix)) continue;
        const auto space = line.rfind(' ');
        return std::stod(line.substr(space + 1));
    }
    return -1;
}

// The sum of every sample of `name` whose label set contains all `labels`.
double sum_samples(const std::string& metrics, std::string_view name,
                   std::initializer_list<std::string_view> labels) {
    std::istringstream lines(metrics);
    double sum = 0;
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with(name) || line.size() <= name.size() ||
            (line[name.size()] != '{' && line[name.size()] != ' ')) {
            continue;
        }
        bool all = true;
        for (std::string_view label : labels)
            all = all && line.find(label) != std::string::npos;
        if (all) sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return sum;
}

TEST_CASE("healthz and readyz answer 200 once started", "[kvm][e2e]") {
    Daemon daemon;
    const Response health = daemon.request("GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body.starts_with("ok"));
    const Response ready = daemon.request("GET", "/readyz");
    CHECK(ready.status == 200);
    // Keep-alive: several requests on one connection, and no reconnect.
    HttpClient client = daemon.client();
    for (int i = 0; i < 5; ++i)
        CHECK(client.request("GET", "/healthz").status == 200);
    CHECK(client.connections() == 1);
}

TEST_CASE("emberd answers pipelined requests in order", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");
    HttpClient client = daemon.client();
    REQUIRE(
        client.send_raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        "POST /v1/functions/echo/invoke HTTP/1.1\r\nHost: "
                        "127.0.0.1\r\nContent-Length: 5\r\n\r\nfirst"
                        "GET /v1/functions/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        "POST /v1/functions/echo/invoke HTTP/1.1\r\nHost: "
                        "127.0.0.1\r\nContent-Length: 6\r\n\r\nsecond"));
    const auto health = client.read_response();
    REQUIRE(health);
    CHECK(health->status == 200);
    const auto first = client.read_response();
    REQUIRE(first);
    CHECK(first->body == "first");
    const auto missing = client.read_response();
    REQUIRE(missing);
    CHECK(missing->status == 404);
    const auto second = client.read_response();
    REQUIRE(second);
    CHECK(second->body == "second");
}

TEST_CASE("metrics are Prometheus text with ember_ counters", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const Response empty = client.request("GET", "/metrics");
    INFO(empty.summary());
    REQUIRE(empty.status == 200);
    CHECK(empty.header("content-type").starts_with("text/plain"));
    CHECK(empty.body.find("\nember_") != std::string::npos);
    // Every non-comment line is an ember_ sample.
    std::istringstream lines(empty.body);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.starts_with("#")) continue;
        INFO(line);
        CHECK(line.starts_with("ember_"));
    }

    deploy_ok(client, "echo", "echo");
    for (int i = 0; i < 3; ++i)
        REQUIRE(invoke(client, "echo", "m").status == 200);
    deploy_ok(client, "nd", "t_null_deref");
    REQUIRE(invoke(client, "nd").status == 500);

    const Response after = client.request("GET", "/metrics");
    REQUIRE(after.status == 200);
    INFO(after.body);
    // Assumption (daemon/metrics): ember_invocations_total{function=..,outcome=..}.
    CHECK(sum_samples(after.body, "ember_invocations_total", {"function=\"echo\""}) == 3);
    CHECK(sum_samples(after.body, "ember_invocations_total", {"function=\"nd\""}) == 1);
    CHECK(sum_samples(after.body, "ember_invocations_total", {"function=\"nd\"", "guest_fault"}) ==
          1);
    CHECK(sample(after.body, "ember_up") == 1);
}

TEST_CASE("SIGTERM lets a running call finish and then exits 0", "[kvm][e2e]") {
    Daemon daemon({.config = {{"drain_timeout_ms", 10000}}});
    HttpClient admin = daemon.client();
    // A call that takes its whole timeout.
    deploy_ok(admin, "spin", "t_infinite_loop", "timeout_ms=1500");

    BackgroundCall slow(daemon, "spin");
    CHECK(wait_until_busy(admin, "spin"));
    admin.close();

    daemon.signal_terminate();
    // The drain shows on /readyz while the slow call still runs: a 503, or
    // the listener already closed (no response). A 200 is allowed only until
    // the daemon has taken the signal in.
    bool draining = false;
    for (int i = 0; i < 100 && !draining; ++i) {
        const auto ready = HttpClient(daemon.port(), 1s).try_request("GET", "/readyz");
        draining = !ready || ready->status == 503;
        if (!draining) {
            INFO(ready->summary());
            CHECK(ready->status == 200);
            std::this_thread::sleep_for(10ms);
        }
    }
    CHECK(draining);
    check_error(slow.finish(), 504, "timeout");

    const auto status = daemon.wait_exit(20s);
    REQUIRE(status);
    CHECK(*status == 0);
}

TEST_CASE("SIGTERM interrupts a call still running when the drain grace ends", "[kvm][e2e]") {
    Daemon daemon({.config = {{"drain_timeout_ms", 1000}}});
    HttpClient admin = daemon.client();
    // A call that would run for two minutes.
    deploy_ok(admin, "spin", "t_infinite_loop", "timeout_ms=120000");

    BackgroundCall slow(daemon, "spin");
    CHECK(wait_until_busy(admin, "spin"));
    admin.close();

    const auto signalled = Clock::now();
    daemon.signal_terminate();
    // Well before the call's own timeout: a bound, not a timing.
    const auto status = daemon.wait_exit(60s);
    const auto took = Clock::now() - signalled;
    REQUIRE(status);
    CHECK(*status == 0);
    std::printf("emberd exited %.0f ms after SIGTERM (drain_timeout_ms 1000)\n",
                std::chrono::duration<double, std::milli>(took).count());
    // Its caller heard why, before the connection closed.
    check_error(slow.finish(), 503, "shutting_down");
    CHECK(daemon.last_run_log().find("interrupting the calls") != std::string::npos);
}

TEST_CASE("SIGTERM on an idle daemon exits 0 promptly", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    CHECK(invoke(client, "echo", "bye").body == "bye");
    // The idle keep-alive connection must not hold the drain up until its
    // timeout (assumption: idle connections are closed at once on SIGTERM).
    const auto started = Clock::now();
    CHECK(daemon.stop() == 0);
    CHECK(Clock::now() - started < 9s);  // well under drain_timeout_ms (10 s)
}

struct AuthCase {
    const char* token;  // nullptr: no Authorization header
    unsigned status;
};

Headers bearer(const char* token) {
    if (token == nullptr) return {};
    return {{"Authorization", std::string("Bearer ") + token}};
}

TEST_CASE("tokens guard deploy list delete and invoke", "[kvm][e2e]") {
    Daemon daemon({.config = {{"auth",
                               {{"admin_tokens", nlohmann::json::array({"adm"})},
                                {"invoke_tokens", nlohmann::json::array({"inv"})}}}}});
    HttpClient client = daemon.client();
    const std::string binary = guest_binary("echo");
    const Headers octets = {{"Content-Type", "application/octet-stream"}};

    auto put = [&](const char* token, std::string_view name) {
        Headers headers = bearer(token);
        headers.insert(headers.end(), octets.begin(), octets.end());
        return client.request("PUT", "/v1/functions/" + std::string(name), binary, headers);
    };

    // Deploy: admin only.
    check_error(put(nullptr, "echo"), 401, "unauthorized");
    check_error(put("wrong", "echo"), 403, "forbidden");
    check_error(put("inv", "echo"), 403, "forbidden");
    {
        const Response ok = put("adm", "echo");
        INFO(ok.summary());
        REQUIRE(ok.status == 201);
    }
    {
        Headers basic = {{"Authorization", "Basic YWRtOg=="}};
        basic.insert(basic.end(), octets.begin(), octets.end());
        const Response response = client.request("PUT", "/v1/functions/echo", binary, basic);
        INFO(response.summary());
        CHECK((response.status == 401 || response.status == 403));
    }

    // List (and, assumption, describe): admin only.
    check_error(client.request("GET", "/v1/functions"), 401, "unauthorized");
    check_error(client.request("GET", "/v1/functions", {}, bearer("wrong")), 403, "forbidden");
    check_error(client.request("GET", "/v1/functions", {}, bearer("inv")), 403, "forbidden");
    CHECK(client.request("GET", "/v1/functions", {}, bearer("adm")).status == 200);
    check_error(client.request("GET", "/v1/functions/echo"), 401, "unauthorized");
    check_error(client.request("GET", "/v1/functions/echo", {}, bearer("inv")), 403, "forbidden");
    CHECK(client.request("GET", "/v1/functions/echo", {}, bearer("adm")).status == 200);

    // Invoke: invoke or admin token.
    check_error(invoke(client, "echo", "x"), 401, "unauthorized");
    check_error(invoke(client, "echo", "x", {}, bearer("wrong")), 403, "forbidden");
    check_error(invoke(client, "echo", "x", {}, bearer("Bearer")), 403, "forbidden");
    const Response by_invoker = invoke(client, "echo", "inv call", {}, bearer("inv"));
    CHECK(by_invoker.status == 200);
    CHECK(by_invoker.body == "inv call");
    const Response by_admin = invoke(client, "echo", "adm call", {}, bearer("adm"));
    CHECK(by_admin.status == 200);
    CHECK(by_admin.body == "adm call");

    // Open endpoints; /metrics is public by default.
    CHECK(client.request("GET", "/healthz").status == 200);
    CHECK(client.request("GET", "/readyz").status == 200);
    CHECK(client.request("GET", "/metrics").status == 200);

    // Delete: admin only.
    check_error(client.request("DELETE", "/v1/functions/echo"), 401, "unauthorized");
    check_error(client.request("DELETE", "/v1/functions/echo", {}, bearer("inv")), 403,
                "forbidden");
    CHECK(client.request("DELETE", "/v1/functions/echo", {}, bearer("adm")).status == 204);
    check_error(invoke(client, "echo", "x", {}, bearer("inv")), 404, "function_not_found");
}

TEST_CASE("metrics can require the admin token", "[kvm][e2e]") {
    Daemon daemon({.config = {{"auth",
                               {{"admin_tokens", nlohmann::json::array({"adm"})},
                                {"invoke_tokens", nlohmann::json::array({"inv"})},
                                {"metrics_public", false}}}}});
    check_error(daemon.request("GET", "/metrics"), 401, "unauthorized");
    check_error(daemon.request("GET", "/metrics", {}, bearer("inv")), 403, "forbidden");
    const Response ok = daemon.request("GET", "/metrics", {}, bearer("adm"));
    CHECK(ok.status == 200);
    CHECK(ok.body.find("ember_") != std::string::npos);
    CHECK(daemon.request("GET", "/healthz").status == 200);
    CHECK(daemon.request("GET", "/readyz").status == 200);
}

}  // namespace
}  // namespace ember::e2e
