// End-to-end: a guest that floods and forges log lines cannot grow emberd's
// log past its caps, and cannot write a line that passes for the daemon's.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

TEST_CASE("200,000 forged log lines in one call leave one second's worth, escaped", "[kvm][e2e]") {
    DaemonOptions options;
    options.log_level = "info";
    Daemon daemon(options);
    HttpClient client = daemon.client(std::chrono::seconds(10));
    // 200,000 host calls take seconds where an exit costs tens of microseconds.
    deploy_ok(client, "flood", "t_log_flood", "timeout_ms=300000");
    const std::size_t before = daemon.log_text().size();

    HttpClient slow = daemon.client();
    REQUIRE(
        slow.send_raw("POST /v1/functions/flood/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Length: 0\r\n\r\n"));
    const std::optional<Response> reply = slow.read_response(std::chrono::minutes(5));
    REQUIRE(reply);
    INFO(reply->summary());
    REQUIRE(reply->status == 200);
    CHECK(reply->body == "done");
    const std::string id = reply->header("x-ember-invocation-id");
    REQUIRE(id.size() == 32);
    const std::string marker = " guest flood v1 " + id + ": ";

    const std::string log = daemon.log_text().substr(before);
    // At most the default 100 lines per second of one function (one of them
    // the notice), each well under 200 bytes.
    CHECK(log.size() < 100 * 200 + 4096);
    std::size_t guest_lines = 0;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        // Nothing the guest wrote starts a line of its own: its forged line
        // appears only escaped, inside one of its marked lines.
        CHECK_FALSE(line.starts_with("2026-11-30T10:00:00.000"));
        if (line.find("deployed payroll") != std::string::npos)
            CHECK(line.find(marker + "\\n2026-11-30T10:00:00.000") != std::string::npos);
        if (line.find(marker) != std::string::npos) ++guest_lines;
    }
    CHECK(guest_lines == 100);
    CHECK(log.find(marker + "\\n2026-11-30T10:00:00.000 info deployed payroll version 9") !=
          std::string::npos);
    CHECK(log.find(marker + "199901 log lines dropped") != std::string::npos);

    const std::string metrics = client.request("GET", "/metrics").body;
    CHECK(metrics.find("ember_guest_log_lines_dropped_total{function=\"flood\"} 199901\n") !=
          std::string::npos);
}

}  // namespace
}  // namespace ember::e2e
