#include "loadtest/server_timing.hpp"

#include <catch2/catch.hpp>

using namespace ember::loadtest;
using Metrics = std::vector<std::pair<std::string, double>>;

TEST_CASE("emberd's Server-Timing reads as microseconds per stage", "[server_timing]") {
    const Metrics metrics = parse_server_timing(
        "http;dur=0.018, queue;dur=0.020, call;dur=0.042, sandbox;dur=0.031, total;dur=0.090");
    REQUIRE(metrics.size() == 5);
    CHECK(metrics[0].first == "http");
    CHECK(metrics[0].second == Approx(18));
    CHECK(metrics[3].first == "sandbox");
    CHECK(metrics[3].second == Approx(31));
    CHECK(metrics[4].second == Approx(90));
}

TEST_CASE("Server-Timing parameters may come in any order and case", "[server_timing]") {
    const Metrics metrics =
        parse_server_timing("db;desc=\"query\";DUR=2.5 ,cache ; dur = 0.25,miss");
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0] == std::pair<std::string, double>{"db", 2500});
    CHECK(metrics[1] == std::pair<std::string, double>{"cache", 250});
}

TEST_CASE("malformed Server-Timing metrics are skipped", "[server_timing]") {
    CHECK(parse_server_timing("").empty());
    CHECK(parse_server_timing(",,;").empty());
    CHECK(parse_server_timing("a;dur=").empty());
    CHECK(parse_server_timing("a;dur=x").empty());
    CHECK(parse_server_timing("a;dur=1x").empty());
    CHECK(parse_server_timing("a;dur=-1").empty());
    CHECK(parse_server_timing("a b;dur=1").empty());
    CHECK(parse_server_timing(";dur=1").empty());
    CHECK(parse_server_timing("{\"key\";dur=1").empty());
    const Metrics kept = parse_server_timing("bad name;dur=1, good;dur=1");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].first == "good");
}
