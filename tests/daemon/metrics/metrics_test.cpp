// Tests daemon/metrics/metrics: what each call records, the rendered families and
// their order, removed functions, untrusted names, and concurrent recording.
#include "daemon/metrics/metrics.hpp"

#include <catch2/catch.hpp>

#include "tests/daemon/metrics/exposition_checker.hpp"

#include <algorithm>
#include <sstream>
#include <thread>

using namespace ember::daemon;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

const ServerGauges no_server{};

// The family names in the order their TYPE lines appear.
std::vector<std::string> families(const std::string& text) {
    std::vector<std::string> names;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("# TYPE ", 0) == 0) names.push_back(line.substr(7, line.find(' ', 7) - 7));
    }
    return names;
}

std::string render_with_traffic(Metrics& metrics) {
    metrics.deploy("echo", true);
    metrics.add_function("sleep");
    metrics.invocation("echo", Outcome::ok, 2ms, 40us, true);
    metrics.invocation("echo", Outcome::ok, 1ms, 10us, false);
    metrics.invocation("echo", Outcome::overloaded, 5us, 0ns, false);
    metrics.invocation("sleep", Outcome::timeout, 3s, 3s, false);
    metrics.restore("echo", 300us);
    metrics.restore("sleep", 1ms);
    metrics.guest_log_dropped("sleep", 7);
    metrics.guest_log_dropped("sleep", 3);
    metrics.http_request(200);
    metrics.http_request(200);
    metrics.http_request(429);
    const std::vector<PoolGauges> pools = {{"sleep", 1, 0, 1, 0, 0}, {"echo", 2, 3, 1, 1, 4}};
    return metrics.render(pools, ServerGauges{10, 2, 3});
}

}  // namespace

TEST_CASE("outcome label values", "[metrics]") {
    CHECK(to_string(Outcome::ok) == "ok");
    CHECK(to_string(Outcome::guest_fault) == "guest_fault");
    CHECK(to_string(Outcome::guest_abort) == "guest_abort");
    CHECK(to_string(Outcome::timeout) == "timeout");
    CHECK(to_string(Outcome::overloaded) == "overloaded");
    CHECK(to_string(Outcome::bad_request) == "bad_request");
    CHECK(to_string(Outcome::not_found) == "not_found");
    CHECK(to_string(Outcome::unavailable) == "unavailable");
    CHECK(to_string(Outcome::internal) == "internal");
    CHECK(std::is_sorted(outcomes_by_name.begin(), outcomes_by_name.end(),
                         [](Outcome a, Outcome b) { return to_string(a) < to_string(b); }));
}

TEST_CASE("a render with traffic has the expected samples", "[metrics]") {
    Metrics metrics;
    const std::string text = render_with_traffic(metrics);
    CHECK_THAT(text, Contains("ember_invocations_total{function=\"echo\",outcome=\"ok\"} 2\n"));
    CHECK_THAT(text,
               Contains("ember_invocations_total{function=\"echo\",outcome=\"overloaded\"} 1\n"));
    CHECK_THAT(text,
               Contains("ember_invocations_total{function=\"echo\",outcome=\"timeout\"} 0\n"));
    CHECK_THAT(text,
               Contains("ember_invocations_total{function=\"sleep\",outcome=\"timeout\"} 1\n"));
    CHECK_THAT(text, Contains("ember_overloaded_total{function=\"echo\"} 1\n"));
    CHECK_THAT(text, Contains("ember_cold_starts_total{function=\"echo\"} 1\n"));
    CHECK_THAT(text, Contains("ember_deploys_total{function=\"echo\",result=\"ok\"} 1\n"));
    CHECK_THAT(text, Contains("ember_deploys_total{function=\"echo\",result=\"failed\"} 0\n"));
    CHECK_THAT(text, Contains("ember_guest_log_lines_dropped_total{function=\"sleep\"} 10\n"));
    CHECK_THAT(text, Contains("ember_guest_log_lines_dropped_total{function=\"echo\"} 0\n"));
    CHECK_THAT(
        text,
        Contains("ember_invocation_duration_seconds_bucket{function=\"echo\",le=\"1e-05\"} 1\n"));
    CHECK_THAT(
        text,
        Contains("ember_invocation_duration_seconds_bucket{function=\"echo\",le=\"0.001\"} 2\n"));
    CHECK_THAT(
        text,
        Contains("ember_invocation_duration_seconds_bucket{function=\"echo\",le=\"+Inf\"} 3\n"));
    CHECK_THAT(text,
               Contains("ember_invocation_duration_seconds_sum{function=\"echo\"} 0.003005\n"));
    CHECK_THAT(text, Contains("ember_invocation_duration_seconds_count{function=\"echo\"} 3\n"));
    // The overloaded call never reached a sandbox: two observations, not three.
    CHECK_THAT(text, Contains("ember_sandbox_duration_seconds_count{function=\"echo\"} 2\n"));
    CHECK_THAT(text, Contains("ember_sandbox_duration_seconds_sum{function=\"echo\"} 5e-05\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_count 2\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_sum 0.0013\n"));
    CHECK_THAT(text, Contains("ember_restores_total{function=\"sleep\"} 1\n"));
    CHECK_THAT(
        text,
        Contains("ember_pool_sandboxes{function=\"echo\",version=\"2\",state=\"ready\"} 3\n"));
    CHECK_THAT(
        text,
        Contains("ember_pool_sandboxes{function=\"sleep\",version=\"1\",state=\"busy\"} 1\n"));
    CHECK_THAT(text, Contains("ember_pool_queue_length{function=\"echo\",version=\"2\"} 4\n"));
    CHECK_THAT(text, Contains("ember_http_requests_total{code=\"200\"} 2\n"));
    CHECK_THAT(text, Contains("ember_http_requests_total{code=\"429\"} 1\n"));
    CHECK_THAT(text, Contains("ember_http_connections_active 3\n"));
    CHECK_THAT(text, Contains("ember_http_connections_total{result=\"accepted\"} 10\n"));
    CHECK_THAT(text, Contains("ember_http_connections_total{result=\"rejected\"} 2\n"));
    CHECK_THAT(text, Contains("# TYPE ember_invocation_duration_seconds histogram\n"));
    CHECK_THAT(text, Contains("# TYPE ember_pool_sandboxes gauge\n"));
    CHECK_THAT(text, Contains("# TYPE ember_invocations_total counter\n"));
    CHECK_THAT(text, Contains("ember_up 1\n"));
}

TEST_CASE("the render is valid exposition text, sorted by family then labels", "[metrics]") {
    Metrics metrics;
    const std::string text = render_with_traffic(metrics);
    const auto errors = ember::daemon::test::exposition_errors(text);
    for (const auto& error : errors)
        UNSCOPED_INFO(error);
    CHECK(errors.empty());

    const auto names = families(text);
    CHECK(std::is_sorted(names.begin(), names.end()));
    CHECK(names.size() == 15);
    // Functions by name, pools by name although given out of order.
    CHECK(text.find("ember_cold_starts_total{function=\"echo\"}") <
          text.find("ember_cold_starts_total{function=\"sleep\"}"));
    CHECK(text.find("ember_pool_queue_length{function=\"echo\"") <
          text.find("ember_pool_queue_length{function=\"sleep\""));
    // Rendering twice without traffic in between gives the same text.
    CHECK(metrics.render({{"sleep", 1, 0, 1, 0, 0}, {"echo", 2, 3, 1, 1, 4}},
                         ServerGauges{10, 2, 3}) == text);
}

TEST_CASE("a render with no functions still declares every family", "[metrics]") {
    const Metrics metrics;
    const std::string text = metrics.render({}, no_server);
    CHECK(ember::daemon::test::exposition_errors(text).empty());
    CHECK(families(text).size() == 15);
    CHECK_THAT(text, Contains("ember_up 1\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_bucket{le=\"+Inf\"} 0\n"));
    CHECK_THAT(text, Contains("ember_http_connections_active 0\n"));
    CHECK(text.find("function=") == std::string::npos);
    CHECK(text.find("code=") == std::string::npos);
}

TEST_CASE("label values from outside are escaped in the render", "[metrics]") {
    Metrics metrics;
    metrics.add_function("we\"ird\\na\nme");
    metrics.deploy("we\"ird\\na\nme", false);
    const std::string text = metrics.render({{"we\"ird\\na\nme", 1, 0, 0, 0, 0}}, no_server);
    CHECK_THAT(
        text,
        Contains("ember_deploys_total{function=\"we\\\"ird\\\\na\\nme\",result=\"failed\"} 1\n"));
    CHECK_THAT(text, Contains("ember_pool_queue_length{function=\"we\\\"ird\\\\na\\nme\""));
    CHECK(ember::daemon::test::exposition_errors(text).empty());
}

TEST_CASE("a removed function's series are gone, its pool gauges too", "[metrics]") {
    Metrics metrics;
    metrics.deploy("echo", true);
    metrics.invocation("echo", Outcome::ok, 1ms, 1ms, false);
    const std::vector<PoolGauges> pools = {{"echo", 1, 1, 0, 0, 0}};
    metrics.remove_function("echo");
    std::string text = metrics.render(pools, no_server);
    CHECK(text.find("\"echo\"") == std::string::npos);
    CHECK(metrics.function("echo") == nullptr);
    CHECK(metrics.functions() == 0);

    // What a call still in flight records lands in the shared series.
    metrics.invocation("echo", Outcome::ok, 1ms, 1ms, false);
    metrics.restore("echo", 1ms);
    metrics.guest_log_dropped("echo", 2);
    text = metrics.render(pools, no_server);
    CHECK(text.find("\"echo\"") == std::string::npos);
    CHECK_THAT(text, Contains("ember_invocations_total{function=\"_unknown\",outcome=\"ok\"} 1\n"));
    CHECK_THAT(text, Contains("ember_restores_total{function=\"_unknown\"} 1\n"));

    metrics.deploy("echo", true);  // deployed again: from zero, the gauges back
    text = metrics.render(pools, no_server);
    CHECK_THAT(
        text,
        Contains("ember_pool_sandboxes{function=\"echo\",version=\"1\",state=\"ready\"} 1\n"));
    CHECK_THAT(text, Contains("ember_deploys_total{function=\"echo\",result=\"ok\"} 1\n"));
    CHECK_THAT(text, Contains("ember_invocations_total{function=\"echo\",outcome=\"ok\"} 0\n"));

    metrics.remove_function("never-seen");  // creates nothing
    CHECK(metrics.render({}, no_server).find("never-seen") == std::string::npos);
}

TEST_CASE("1,000 functions that come and go leave only the served ones' series", "[metrics]") {
    Metrics metrics;
    metrics.deploy("stays", true);
    for (int i = 0; i < 1000; ++i) {
        const std::string name = "fn-" + std::to_string(i);
        metrics.deploy(name, true);
        metrics.invocation(name, Outcome::ok, 1ms, 1ms, i % 2 == 0);
        metrics.restore(name, 10us);
        metrics.guest_log_dropped(name, 1);
        metrics.remove_function(name);
        // A call that was still running when the function went.
        metrics.invocation(name, Outcome::timeout, 1s, 1s, false);
        // A failed deploy of a name never served.
        metrics.deploy("failed-" + std::to_string(i), false);
    }
    CHECK(metrics.functions() == 2);  // "stays" and "_unknown"
    const std::string text = metrics.render({{"stays", 1, 1, 0, 0, 0}}, no_server);
    CHECK(text.find("fn-") == std::string::npos);
    CHECK(text.find("failed-") == std::string::npos);
    CHECK(ember::daemon::test::exposition_errors(text).empty());
    CHECK_THAT(
        text,
        Contains("ember_invocations_total{function=\"_unknown\",outcome=\"timeout\"} 1000\n"));
    CHECK_THAT(text,
               Contains("ember_deploys_total{function=\"_unknown\",result=\"failed\"} 1000\n"));
    // Every line is one of the two functions' series or a series without one.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto label = line.find("function=\"");
        if (label == std::string::npos) continue;
        INFO(line);
        const std::string_view value = std::string_view(line).substr(label + 10);
        CHECK((value.starts_with("stays\"") || value.starts_with("_unknown\"")));
    }
}

TEST_CASE("unknown names of rejected calls share one series", "[metrics]") {
    Metrics metrics;
    metrics.invocation("nope-1", Outcome::not_found, 1us, 0ns, false);
    metrics.invocation("nope-2", Outcome::not_found, 1us, 0ns, false);
    metrics.invocation("Bad Name", Outcome::bad_request, 1us, 0ns, false);
    metrics.deploy("echo", true);
    metrics.invocation("echo", Outcome::not_found, 1us, 0ns, false);  // known: its own series
    const std::string text = metrics.render({}, no_server);
    CHECK(text.find("nope-") == std::string::npos);
    CHECK(text.find("Bad Name") == std::string::npos);
    CHECK_THAT(
        text, Contains("ember_invocations_total{function=\"_unknown\",outcome=\"not_found\"} 2\n"));
    CHECK_THAT(
        text,
        Contains("ember_invocations_total{function=\"_unknown\",outcome=\"bad_request\"} 1\n"));
    CHECK_THAT(text,
               Contains("ember_invocations_total{function=\"echo\",outcome=\"not_found\"} 1\n"));
}

TEST_CASE("http statuses outside 100..599 count as other", "[metrics]") {
    Metrics metrics;
    metrics.http_request(0);
    metrics.http_request(600);
    metrics.http_request(599);
    const std::string text = metrics.render({}, no_server);
    CHECK_THAT(text, Contains("ember_http_requests_total{code=\"599\"} 1\n"));
    CHECK_THAT(text, Contains("ember_http_requests_total{code=\"other\"} 2\n"));
}

TEST_CASE("a cached FunctionMetrics handle records into the same series", "[metrics]") {
    Metrics metrics;
    const std::shared_ptr<FunctionMetrics> echo = metrics.add_function("echo");
    CHECK(metrics.add_function("echo") == echo);
    CHECK(metrics.function("echo") == echo);
    echo->invocation(Outcome::guest_fault, 1ms, 1ms, true);
    echo->restore(2ms);
    metrics.invocation("echo", Outcome::guest_fault, 1ms, 1ms, false);
    CHECK(echo->invocations(Outcome::guest_fault) == 2);
    CHECK(echo->cold_starts() == 1);
    CHECK(echo->restores() == 1);
    CHECK_THAT(metrics.render({}, no_server), Contains("ember_restore_duration_seconds_count 1\n"));
}

TEST_CASE("concurrent recording and scraping loses no counts", "[metrics]") {
    Metrics metrics;
    constexpr int threads = 8;
    constexpr int per_thread = 5000;
    std::vector<std::thread> workers;
    workers.reserve(threads);
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&metrics, t] {
            // Half the threads share a function, half deploy their own.
            const std::string name = t % 2 == 0 ? "shared" : "own-" + std::to_string(t);
            metrics.deploy(name, true);
            for (int i = 0; i < per_thread; ++i) {
                metrics.invocation(name, Outcome::ok, 100us, 50us, i % 10 == 0);
                metrics.restore(name, 20us);
                metrics.http_request(200);
            }
        });
    }
    for (int i = 0; i < 20; ++i) {
        const std::string text = metrics.render({}, no_server);
        REQUIRE(ember::daemon::test::exposition_errors(text).empty());
    }
    for (auto& worker : workers)
        worker.join();

    const std::string text = metrics.render({}, no_server);
    CHECK_THAT(text,
               Contains("ember_invocations_total{function=\"shared\",outcome=\"ok\"} 20000\n"));
    CHECK_THAT(text, Contains("ember_invocations_total{function=\"own-3\",outcome=\"ok\"} 5000\n"));
    CHECK_THAT(text, Contains("ember_cold_starts_total{function=\"shared\"} 2000\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_count 40000\n"));
    CHECK_THAT(text, Contains("ember_restore_duration_seconds_sum 0.8\n"));
    CHECK_THAT(text, Contains("ember_http_requests_total{code=\"200\"} 40000\n"));
    CHECK_THAT(
        text,
        Contains(
            "ember_invocation_duration_seconds_bucket{function=\"shared\",le=\"0.0001\"} 20000\n"));
}
