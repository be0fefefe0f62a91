// Tests of loadtest/abuse_options.cpp: ember-abuse's defaults are the
// issue's mix, and a bad argument is named.
#include "loadtest/abuse_options.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace ember::loadtest;
using namespace std::chrono_literals;

TEST_CASE("ember-abuse's defaults are the mix of the reliability suite", "[abuse]") {
    const AbuseOptions o = parse_abuse_options({"http://127.0.0.1:8080"});
    CHECK(o.config.url.port == "8080");
    CHECK(o.target == "auto");
    CHECK(o.config.counts.idle == 500);
    CHECK(o.config.counts.slowloris == 50);
    CHECK(o.config.counts.oversize == 50);
    CHECK(o.config.counts.vanish == 20);
    CHECK(o.config.counts.nonreader == 1);
    CHECK(o.config.duration == 60s);
    CHECK(o.config.attack.oversize_path == "/v1/functions/echo/invoke");
    CHECK(o.config.attack.oversize_bytes == 2u << 20);
    CHECK_FALSE(o.config.server_pid);
}

TEST_CASE("ember-abuse's counts, paths and pacing can be set", "[abuse]") {
    const AbuseOptions o = parse_abuse_options(
        {"--function", "fn", "--idle", "0", "--slowloris", "7", "--duration", "2.5",
         "http://localhost:9000", "--pause-ms", "5", "--server-pid", "42", "--target", "/healthz"});
    CHECK(o.config.counts.idle == 0);
    CHECK(o.config.counts.slowloris == 7);
    CHECK(o.config.duration == 2500ms);
    CHECK(o.config.attack.pause == 5ms);
    CHECK(o.config.attack.oversize_path == "/v1/functions/fn/invoke");
    CHECK(o.config.server_pid == 42);
    CHECK(o.target == "/healthz");
}

TEST_CASE("ember-abuse names a bad argument", "[abuse]") {
    using Args = std::vector<std::string>;
    CHECK_THROWS_WITH(parse_abuse_options(Args{}), "no URL given");
    CHECK_THROWS_WITH(parse_abuse_options({"http://a", "--idle", "-1"}),
                      Catch::Contains("--idle -1"));
    CHECK_THROWS_WITH(parse_abuse_options({"http://a", "--duration", "0"}),
                      Catch::Contains("--duration"));
    CHECK_THROWS_WITH(parse_abuse_options({"http://a", "--idle-path", "x"}),
                      Catch::Contains("not a path"));
    CHECK_THROWS_WITH(parse_abuse_options({"http://a", "--bogus", "1"}),
                      Catch::Contains("unknown option --bogus"));
    CHECK_THROWS_WITH(parse_abuse_options({"http://a", "--idle"}),
                      Catch::Contains("needs a value"));
}
