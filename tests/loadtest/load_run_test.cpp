// Tests of loadtest/load_run.cpp: how many threads a run uses, and whole
// runs in both modes against tests/loopback_http_server (which closes every
// connection after one response, so each request also reconnects).
#include "loadtest/load_run.hpp"

#include <catch2/catch.hpp>

#include "tests/loopback_http_server.hpp"

using namespace ember;
using namespace ember::loadtest;
using namespace std::chrono_literals;

TEST_CASE("threads: as asked, else one per core, never more than connections", "[load_run]") {
    LoadOptions o;
    o.connections = 8;
    CHECK(thread_count(o, 2) == 2);
    CHECK(thread_count(o, 0) == 1);  // hardware_concurrency() may not know
    CHECK(thread_count(o, 64) == 8);
    o.threads = 3;
    CHECK(thread_count(o, 2) == 3);
    o.threads = 16;
    CHECK(thread_count(o, 2) == 8);
}

namespace {

LoadOptions options_for(const test::LoopbackHttpServer& server) {
    LoadOptions o;
    o.url = parse_url(server.url("/ok"));
    o.connections = 3;
    o.threads = 2;
    o.warmup = 0s;
    o.duration = 300ms;
    return o;
}

}  // namespace

TEST_CASE("a closed-loop run counts every answered request", "[load_run]") {
    test::LoopbackHttpServer server;
    server.route("/ok", test::reply(200, "ok", {{"Connection", "close"}}));
    const LoadResult result = run_load(options_for(server));
    CHECK(result.threads == 2);
    CHECK(result.tally.ok > 0);
    CHECK(result.tally.non_2xx == 0);
    CHECK(result.tally.transport_errors == 0);
    CHECK(result.tally.ok <= server.requests().size());
    CHECK(result.tally.latency.count() == result.tally.ok);
    CHECK(result.rps() > 0);
}

TEST_CASE("an open-loop run sends exactly the schedule's requests", "[load_run]") {
    test::LoopbackHttpServer server;
    server.route("/ok", test::reply(503, "busy", {{"Connection", "close"}}));
    LoadOptions o = options_for(server);
    o.rate = 100;
    const LoadResult result = run_load(o);
    CHECK(result.tally.non_2xx == 30);  // 0.3 s at 100 req/s, none in a warm-up
    CHECK(result.tally.ok == 0);
    CHECK(result.tally.transport_errors == 0);
    CHECK(server.requests().size() == 30);
}

TEST_CASE("a refused connection is a transport error, not a hang", "[load_run]") {
    LoadOptions o;
    {
        test::LoopbackHttpServer gone;  // a port that was free a moment ago
        o.url = parse_url(gone.url("/"));
    }
    o.connections = 2;
    o.warmup = 0s;
    o.duration = 100ms;
    const LoadResult result = run_load(o);
    CHECK(result.tally.ok == 0);
    CHECK(result.tally.transport_errors > 0);
}
