// Tests of cli/prometheus_samples.cpp.
#include "cli/prometheus_samples.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace ember::cli {
namespace {

TEST_CASE("samples with and without labels, comments skipped", "[cli][metrics]") {
    const auto samples = parse_prometheus_text(
        "# HELP ember_up 1 while emberd serves.\n"
        "# TYPE ember_up gauge\n"
        "ember_up 1\n"
        "\n"
        "ember_invocations_total{function=\"echo\",outcome=\"ok\"} 12\n"
        "ember_x_bucket{le=\"+Inf\"} 3 1700000000000\n");
    REQUIRE(samples.size() == 3);
    CHECK(samples[0].name == "ember_up");
    CHECK(samples[0].labels.empty());
    CHECK(samples[0].value == "1");
    CHECK(samples[1].name == "ember_invocations_total");
    using Labels = std::vector<std::pair<std::string, std::string>>;
    CHECK(samples[1].labels == Labels{{"function", "echo"}, {"outcome", "ok"}});
    CHECK(samples[1].value == "12");
    CHECK(samples[2].labels == Labels{{"le", "+Inf"}});
    CHECK(samples[2].value == "3");
}

TEST_CASE("label values are unescaped", "[cli][metrics]") {
    const auto samples = parse_prometheus_text("m{a=\"x\\\"y\\\\z\\nw\",b=\"{,}\"} 0.5\n");
    REQUIRE(samples.size() == 1);
    CHECK(samples[0].labels[0].second == "x\"y\\z\nw");
    CHECK(samples[0].labels[1].second == "{,}");
    CHECK(samples[0].value == "0.5");
}

TEST_CASE("a line that is no sample is an error naming it", "[cli][metrics]") {
    CHECK_THROWS_WITH(parse_prometheus_text("m{a=\"x} 1\n"),
                      Catch::Matchers::Contains("unterminated"));
    CHECK_THROWS_WITH(parse_prometheus_text("m{a=x} 1\n"), Catch::Matchers::Contains("m{a=x} 1"));
    CHECK_THROWS_AS(parse_prometheus_text("lonely\n"), std::runtime_error);
    CHECK_THROWS_AS(parse_prometheus_text("m{a=\"1\"}\n"), std::runtime_error);
}

}  // namespace
}  // namespace ember::cli
