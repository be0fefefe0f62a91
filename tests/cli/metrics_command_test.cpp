// `ember metrics` against a scripted emberd (tests/cli/fake_emberd.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

const std::string metrics_text =
    "# HELP ember_invocations_total Invocations by outcome.\n"
    "# TYPE ember_invocations_total counter\n"
    "ember_invocations_total{function=\"echo\",outcome=\"ok\"} 12\n"
    "# TYPE ember_restore_duration_seconds histogram\n"
    "ember_restore_duration_seconds_bucket{le=\"+Inf\"} 12\n"
    "ember_restore_duration_seconds_sum 0.0003\n"
    "ember_restore_duration_seconds_count 12\n"
    "ember_up 1\n";

TEST_CASE("ember metrics shows the series without histogram buckets", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/metrics",
              {200, {{"Content-Type", "text/plain; version=0.0.4"}}, metrics_text});
    const EmberRun run = run_ember({"metrics", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "SERIES                                             VALUE\n"
          "ember_invocations_total{function=echo,outcome=ok}  12\n"
          "ember_restore_duration_seconds_sum                 0.0003\n"
          "ember_restore_duration_seconds_count               12\n"
          "ember_up                                           1\n");
}

TEST_CASE("ember metrics --json has every sample", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/metrics", {200, {}, metrics_text});
    const EmberRun run = run_ember({"metrics", "--json", "--url", server.url()});
    CHECK(run.status == 0);
    const nlohmann::json samples = nlohmann::json::parse(run.out);
    REQUIRE(samples.size() == 5);
    CHECK(samples[0] == nlohmann::json{{"name", "ember_invocations_total"},
                                       {"labels", {{"function", "echo"}, {"outcome", "ok"}}},
                                       {"value", 12.0}});
    CHECK(samples[1]["labels"] == nlohmann::json{{"le", "+Inf"}});
    CHECK(samples[4]["labels"] == nlohmann::json::object());
}

}  // namespace
}  // namespace ember::cli::test
