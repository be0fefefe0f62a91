// End-to-end: ember-abuse's abusive clients, all kinds at once, against a
// real emberd, in short (small counts, short timeouts, two seconds):
// every normal answer correct, the daemon serving once the attackers left,
// and its open files back to what they were before. Nothing here depends
// on how fast the machine is; loadtest/abuse is the full run.
#include <catch2/catch.hpp>

#include "base/open_file_limit.hpp"
#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "loadtest/abuse_run.hpp"
#include "tests/eventually.hpp"

namespace ember::e2e {
namespace {

using loadtest::AbuseConfig;
using loadtest::AbuseReport;
using loadtest::AttackKind;
using loadtest::AttackResult;

AbuseConfig short_run(const Daemon& daemon) {
    AbuseConfig config;
    config.url = parse_url("http://127.0.0.1:" + std::to_string(daemon.port()));
    config.counts = {.idle = 100, .slowloris = 10, .oversize = 10, .vanish = 6, .nonreader = 1};
    config.duration = std::chrono::seconds(2);
    config.attack.oversize_path = "/v1/functions/echo/invoke";  // over max_input_bytes: 1 MiB
    config.attack.oversize_bytes = 2u << 20;
    config.attack.pause = 20ms;
    config.attack.trickle_interval = 100ms;
    config.server_pid = daemon.pid();
    config.fd_settle_limit = 0ms;  // the test waits below
    // A call may wait for a VM exit on an emulated machine; the test is
    // about answers, not speed.
    config.request_timeout = 60s;
    return config;
}

TEST_CASE("emberd answers correctly while every kind of abusive client runs", "[kvm][e2e]") {
    raise_open_file_limit();
    // A short read timeout, so that emberd drops the slow and silent
    // clients during the run; the idle ones stay until they leave.
    Daemon daemon({.config = {{"read_timeout_ms", 500}}, .log_level = "info"});
    {
        HttpClient admin = daemon.client();
        // pool_min = pool_max: the pool neither grows nor shrinks, so its
        // sandboxes hold the same files before and after.
        deploy_ok(admin, "echo", "echo", "pool_min=2&pool_max=2&timeout_ms=30000");
    }
    AbuseConfig config = short_run(daemon);
    SECTION("invoking echo") {
        config.target = {"POST", "/v1/functions/echo/invoke", true, "", 200};
    }
    SECTION("GET /healthz") {
        config.target = {"GET", "/healthz", false, "ok\n", 200};
    }
    const AbuseReport report = loadtest::run_abuse(config);
    INFO(loadtest::report_text(config, report));

    CHECK(report.normal.correct > 0);
    CHECK(report.normal.wrong == 0);
    CHECK(report.normal.failed == 0);
    CHECK(report.after_error.empty());
    for (const AttackResult& attack : report.attacks) {
        INFO(loadtest::attack_name(attack.kind));
        CHECK(attack.tally.connections > 0);
        CHECK(attack.tally.connect_failures == 0);
        if (attack.kind == AttackKind::oversize) {
            CHECK(attack.tally.answers.size() == 1);
            CHECK(attack.tally.answers.count(413) == 1);
        }
    }

    REQUIRE(report.fds_before);
    const std::size_t before = *report.fds_before;
    CHECK(test::eventually(
        [&] { return loadtest::open_fds(daemon.pid()).value_or(before + 1) <= before; }, 30s));
    const Response health = daemon.request("GET", "/healthz");
    CHECK(health.status == 200);
}

}  // namespace
}  // namespace ember::e2e
