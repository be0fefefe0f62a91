#include "loadtest/server_timing.hpp"

#include <catch2/catch.hpp>

using namespace ember::loadtest;
using Metrics = std::vector<std::pair<std::string, double>>;

namespace {

Metrics parsed(std::string_view header) {
    Metrics metrics;
    parse_server_timing(header, metrics);
    return metrics;
}

}  // namespace

TEST_CASE("emberd's Server-Timing reads as microseconds per stage", "[server_timing]") {
    const Metrics metrics = parsed(
        "http;dur=0.018, queue;dur=0.020, call;dur=0.042, sandbox;dur=0.031, total;dur=0.090");
    REQUIRE(metrics.size() == 5);
    CHECK(metrics[0].first == "http");
    CHECK(metrics[0].second == Approx(18));
    CHECK(metrics[3].first == "sandbox");
    CHECK(metrics[3].second == Approx(31));
    CHECK(metrics[4].second == Approx(90));
}

TEST_CASE("Server-Timing parameters may come in any order and case", "[server_timing]") {
    const Metrics metrics = parsed("db;desc=\"query\";DUR=2.5 ,cache ; dur = 0.25,miss");
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0] == std::pair<std::string, double>{"db", 2500});
    CHECK(metrics[1] == std::pair<std::string, double>{"cache", 250});
}

TEST_CASE("malformed Server-Timing metrics are skipped", "[server_timing]") {
    CHECK(parsed("").empty());
    CHECK(parsed(",,;").empty());
    CHECK(parsed("a;dur=").empty());
    CHECK(parsed("a;dur=x").empty());
    CHECK(parsed("a;dur=1x").empty());
    CHECK(parsed("a;dur=-1").empty());
    CHECK(parsed("a b;dur=1").empty());
    CHECK(parsed(";dur=1").empty());
    CHECK(parsed("{\"key\";dur=1").empty());
    const Metrics kept = parsed("bad name;dur=1, good;dur=1");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].first == "good");
}

TEST_CASE("metrics are appended after those already there", "[server_timing]") {
    Metrics metrics{{"earlier", 1.0}};
    parse_server_timing("db;dur=2", metrics);
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0] == std::pair<std::string, double>{"earlier", 1});
    CHECK(metrics[1] == std::pair<std::string, double>{"db", 2000});
}
