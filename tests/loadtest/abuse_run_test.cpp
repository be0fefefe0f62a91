// Tests of loadtest/abuse_run.cpp and abusive_clients.cpp against a real
// http::Server in this process (tests/http's TestHandler): every kind of
// abusive client at once, every normal answer checked, and the files the
// attack took (its sockets and the server's) all given back once it left.
// Nothing here depends on how fast the machine is.
#include "loadtest/abuse_run.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/open_file_limit.hpp"
#include "http/server.hpp"
#include "tests/eventually.hpp"
#include "tests/http/test_config.hpp"
#include "tests/http/test_handler.hpp"

namespace ember::loadtest {
namespace {

using namespace std::chrono_literals;
using http::test::TestHandler;

AbuseConfig short_run(uint16_t port) {
    AbuseConfig config;
    config.url = parse_url("http://127.0.0.1:" + std::to_string(port));
    config.counts = {.idle = 40, .slowloris = 5, .oversize = 6, .vanish = 6, .nonreader = 1};
    config.duration = 2s;
    config.attack.idle_path = "/hello";
    config.attack.oversize_path = "/echo";  // TestHandler's limit there: 1 KiB
    config.attack.oversize_bytes = 64 * 1024;
    config.attack.pause = 10ms;
    config.attack.trickle_interval = 100ms;
    config.normal_pause = 1ms;
    config.server_pid = ::getpid();
    config.fd_settle_limit = 0ms;  // the test waits below
    return config;
}

const AttackTally& tally_of(const AbuseReport& report, AttackKind kind) {
    for (const AttackResult& attack : report.attacks)
        if (attack.kind == kind) return attack.tally;
    FAIL("no tally for " << attack_name(kind));
    throw std::logic_error("unreachable");
}

TEST_CASE("every normal answer is correct while all the abusive clients run", "[abuse]") {
    ember::raise_open_file_limit();
    TestHandler handler;
    http::ServerConfig server_config = http::test::local_config();
    // Short, so that the server drops slow and silent clients during the
    // run; the idle ones stay until they leave.
    server_config.read_timeout = 500ms;
    server_config.idle_timeout = 60s;
    http::Server server(server_config, handler);
    server.start();

    AbuseConfig config = short_run(server.port());
    SECTION("a GET that answers the same every time") {
        config.target = {"GET", "/hello", false, "hello", 200};
    }
    SECTION("a POST whose body comes back") {
        // /upload echoes bodies up to 64 KiB, the non-reader's included.
        config.target = {"POST", "/upload", true, "", 200};
    }
    const AbuseReport report = run_abuse(config);
    INFO(report_text(config, report));

    CHECK(report.normal.correct > 0);
    CHECK(report.normal.wrong == 0);
    CHECK(report.normal.failed == 0);
    CHECK(report.after_error.empty());
    CHECK(report.idle_established == config.counts.idle);
    for (const AttackResult& attack : report.attacks) {
        INFO(attack_name(attack.kind));
        CHECK(attack.tally.connections > 0);
        CHECK(attack.tally.connect_failures == 0);
    }
    // Every oversized body was refused, and nothing else answered.
    const AttackTally& oversize = tally_of(report, AttackKind::oversize);
    CHECK(oversize.answers.size() == 1);
    CHECK(oversize.answers.count(413) == 1);
    CHECK(tally_of(report, AttackKind::idle).answers.count(200) == 1);
    CHECK(tally_of(report, AttackKind::nonreader).events.count("requests sent") == 1);

    // The attackers' sockets and the server's ends of them are all closed.
    REQUIRE(report.fds_before);
    const std::size_t before = *report.fds_before;
    CHECK(test::eventually(
        [&] {
            return open_fds(::getpid()).value_or(before + 1) <= before &&
                   server.stats().active_connections == 0;
        },
        30s));
}

}  // namespace
}  // namespace ember::loadtest
