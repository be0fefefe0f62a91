// Tests daemon/metrics/prometheus_text: escaping, number spelling, samples and
// the histogram layout.
#include "daemon/metrics/prometheus_text.hpp"

#include <catch2/catch.hpp>

#include "tests/daemon/metrics/exposition_checker.hpp"

#include <array>
#include <limits>

using namespace ember::daemon;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("label values escape backslash, quote and newline", "[prometheus_text]") {
    CHECK(escape_label_value("plain-name_1") == "plain-name_1");
    CHECK(escape_label_value(R"(a\b)") == R"(a\\b)");
    CHECK(escape_label_value(R"(say "hi")") == R"(say \"hi\")");
    CHECK(escape_label_value("two\nlines") == R"(two\nlines)");
    CHECK(escape_label_value("\\\"\n") == R"(\\\"\n)");
    CHECK(escape_label_value("") == "");
}

TEST_CASE("help text escapes backslash and newline but not quotes", "[prometheus_text]") {
    CHECK(escape_help("a \"b\"\\\n") == "a \"b\"\\\\\\n");
}

TEST_CASE("values are the shortest round-trip spelling", "[prometheus_text]") {
    CHECK(format_value(0.0) == "0");
    CHECK(format_value(1.0) == "1");
    CHECK(format_value(2.5) == "2.5");
    CHECK(format_value(10e-6) == "1e-05");
    CHECK(format_value(0.0025) == "0.0025");
    CHECK(format_value(1e-4) == "0.0001");
    CHECK(format_value(5e-4) == "0.0005");
    CHECK(format_value(-2.5e-7) == "-2.5e-07");
    CHECK(format_value(10.0) == "10");
    CHECK(format_value(1234567.25) == "1234567.25");
    CHECK(format_value(1e16) == "1e+16");
    CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
    CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
    CHECK(format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("samples with and without labels", "[prometheus_text]") {
    PrometheusText text;
    text.family("ember_x_total", "counter", "X.");
    text.sample("ember_x_total", {}, std::uint64_t{3});
    text.sample("ember_x_total", {{"a", "1"}, {"b", "q\"uote"}}, std::uint64_t{4});
    text.sample("ember_x_total", {{"a", "2"}}, 0.5);
    const std::string out = std::move(text).take();
    CHECK(out ==
          "# HELP ember_x_total X.\n"
          "# TYPE ember_x_total counter\n"
          "ember_x_total 3\n"
          "ember_x_total{a=\"1\",b=\"q\\\"uote\"} 4\n"
          "ember_x_total{a=\"2\"} 0.5\n");
}

TEST_CASE("a histogram renders cumulative buckets, +Inf, sum in seconds, count",
          "[prometheus_text]") {
    constexpr std::array<double, 2> bounds = {1e-3, 2.5e-3};
    Histogram histogram(bounds);
    histogram.observe(1ms);
    histogram.observe(2ms);
    histogram.observe(3ms);
    PrometheusText text;
    text.family("ember_h_seconds", "histogram", "H.");
    text.histogram("ember_h_seconds", {{"function", "f"}}, histogram.snapshot());
    const std::string out = std::move(text).take();
    CHECK(out ==
          "# HELP ember_h_seconds H.\n"
          "# TYPE ember_h_seconds histogram\n"
          "ember_h_seconds_bucket{function=\"f\",le=\"0.001\"} 1\n"
          "ember_h_seconds_bucket{function=\"f\",le=\"0.0025\"} 2\n"
          "ember_h_seconds_bucket{function=\"f\",le=\"+Inf\"} 3\n"
          "ember_h_seconds_sum{function=\"f\"} 0.006\n"
          "ember_h_seconds_count{function=\"f\"} 3\n");
    CHECK(test::exposition_errors(out).empty());
}

TEST_CASE("the checker itself rejects malformed text", "[prometheus_text]") {
    CHECK_FALSE(test::exposition_errors("ember_x 1\n").empty());  // no HELP/TYPE
    CHECK_FALSE(test::exposition_errors("# HELP a A.\n# TYPE a gauge\na{b=\"\n").empty());
    CHECK_FALSE(test::exposition_errors("# HELP a A.\n# TYPE a gauge\na one\n").empty());
    CHECK_FALSE(test::exposition_errors("# HELP a A.\n# TYPE a gauge\nb 1\n").empty());
    CHECK_FALSE(test::exposition_errors("# HELP a A.\n# TYPE a gauge\na{b=\"x\"y\"} 1\n").empty());
    CHECK(test::exposition_errors("# HELP a A.\n# TYPE a gauge\na{b=\"x\\\"y\"} 1\n").empty());
}
