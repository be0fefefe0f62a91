// End-to-end: with no auth tokens, emberd serves only its own machine. A web
// page cannot reach it through DNS rebinding (a foreign Host) or a
// cross-site request (an Origin), and it will not listen on a public
// address unless the operator says so.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

// Runs emberd with `arguments`; its exit status and what it printed.
std::pair<int, std::string> run_emberd(const std::string& arguments) {
    const std::string command = std::string(EMBER_BIN_DIR) + "/emberd " + arguments + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, n);
    const int status = ::pclose(pipe);
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), output};
}

TEST_CASE("without tokens emberd refuses a public listen address, with the way out", "[e2e]") {
    // Refused while reading the configuration: before KVM is needed.
    const auto [status, output] = run_emberd("--listen 0.0.0.0:0 --data-dir /nonexistent");
    CHECK(status == 2);
    CHECK(output.find("0.0.0.0 is not a loopback address") != std::string::npos);
    CHECK(output.find("--allow-unauthenticated") != std::string::npos);
}

TEST_CASE("without tokens a foreign Host or an Origin gets 403", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");

    // What a rebound page's fetch sends: its own host name, resolved to 127.0.0.1.
    for (const std::string& host :
         {std::string("evil.example"), "evil.example:" + std::to_string(daemon.port())}) {
        HttpClient page = daemon.client();
        REQUIRE(page.send_raw("POST /v1/functions/echo/invoke HTTP/1.1\r\nHost: " + host +
                              "\r\nContent-Length: 2\r\n\r\nhi"));
        const auto reply = page.read_response();
        REQUIRE(reply);
        check_error(*reply, 403, "forbidden");
    }
    // What a cross-site form sends: the daemon's own host, and an Origin.
    HttpClient form = daemon.client();
    REQUIRE(
        form.send_raw("PUT /v1/functions/evil HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Origin: https://evil.example\r\nContent-Length: 16777216\r\n\r\n"));
    const auto refused = form.read_response();
    REQUIRE(refused);
    check_error(*refused, 403, "forbidden");
    CHECK(client.request("GET", "/v1/functions/evil").status == 404);
    // The machine itself is still served, and probes are open to all.
    CHECK(invoke(client, "echo", "still").body == "still");
    HttpClient probe = daemon.client();
    REQUIRE(probe.send_raw("GET /healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n"));
    const auto health = probe.read_response();
    REQUIRE(health);
    CHECK(health->status == 200);
}

}  // namespace
}  // namespace ember::e2e
