// End-to-end: POST /v1/functions/{name}/invoke with the example guests and
// the failure guests of tests/guests, against a real emberd.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <regex>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

// Server-Timing's stages in microseconds; empty unless it has exactly
// emberd's five, in order.
std::map<std::string, double> server_timing(const std::string& header) {
    static const std::regex shape(
        R"(http;dur=(\d+\.\d{3}), queue;dur=(\d+\.\d{3}), call;dur=(\d+\.\d{3}), )"
        R"(sandbox;dur=(\d+\.\d{3}), total;dur=(\d+\.\d{3}))");
    std::smatch match;
    if (!std::regex_match(header, match, shape)) return {};
    std::map<std::string, double> us;
    const char* names[] = {"http", "queue", "call", "sandbox", "total"};
    for (int i = 0; i < 5; ++i)
        us[names[i]] = std::stod(match[i + 1].str()) * 1000;
    return us;
}

// The headers docs/api.md puts on every invoke reply that ran the guest, and
// emberd's Server-Timing.
void check_call_headers(const Response& response, std::string_view version) {
    INFO(response.summary());
    CHECK(response.header("x-ember-version") == version);
    const std::string duration = response.header("x-ember-duration-us");
    REQUIRE(is_decimal(duration));
    const std::string cold = response.header("x-ember-cold-start");
    CHECK((cold == "true" || cold == "false"));
    const std::map<std::string, double> us = server_timing(response.header("server-timing"));
    REQUIRE(us.size() == 5);
    // Rounded to whole microseconds in one header, to thousandths of a
    // millisecond in the other.
    CHECK(std::abs(us.at("sandbox") - std::stod(duration)) <= 1.0);
    CHECK(us.at("sandbox") <= us.at("call") + 1.0);
    CHECK(us.at("http") + us.at("queue") + us.at("call") <= us.at("total") + 1.0);
}

std::string error_message(const Response& response) {
    const nlohmann::json body = response.json();
    if (body.is_discarded() || !body.contains("error")) return {};
    return body["error"].value("message", "");
}

TEST_CASE("echo replies its input with the call headers", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");

    const Response response = invoke(client, "echo", "hi");
    INFO(response.summary());
    CHECK(response.status == 200);
    CHECK(response.body == "hi");
    CHECK(response.header("content-type") == "application/octet-stream");
    check_call_headers(response, "1");

    // Every byte value goes through unchanged, and so does nothing at all.
    std::string bytes;
    for (int i = 0; i < 4 * 256; ++i)
        bytes += static_cast<char>(i % 256);
    const Response binary =
        invoke(client, "echo", bytes, {}, {{"Content-Type", "application/octet-stream"}});
    CHECK(binary.status == 200);
    CHECK(binary.body == bytes);
    const Response empty = invoke(client, "echo", "");
    CHECK(empty.status == 200);
    CHECK(empty.body.empty());
    check_call_headers(empty, "1");
}

TEST_CASE("X-Ember-Cold-Start tells whether a warm sandbox was ready", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    // pool_min 1: deploy pre-warms a sandbox before answering 201, so the
    // first call finds it ready, and so do sequential calls after it.
    deploy_ok(client, "warm", "echo", "pool_min=1");
    for (int i = 0; i < 3; ++i) {
        const Response response = invoke(client, "warm", "w");
        INFO("call " << i);
        CHECK(response.header("x-ember-cold-start") == "false");
    }
    // pool_min 0: nothing is kept warm, so the first call makes a sandbox.
    deploy_ok(client, "cold", "echo", "pool_min=0");
    const Response first = invoke(client, "cold", "c");
    CHECK(first.status == 200);
    CHECK(first.header("x-ember-cold-start") == "true");
    const Response described = client.request("GET", "/v1/functions/cold");
    CHECK(described.json().at("stats").at("cold_starts") >= 1);
}

TEST_CASE("hello replies text with its content type", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "hello", "hello");
    const Response response = invoke(client, "hello", "Ada");
    INFO(response.summary());
    CHECK(response.status == 200);
    CHECK(response.body == "Hello, Ada!");
    CHECK(response.header("content-type").starts_with("text/plain"));
    check_call_headers(response, "1");
    CHECK(invoke(client, "hello").body == "Hello, world!");
}

TEST_CASE("the handler parameter selects the guest's handler", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "multi", "t_multi");

    CHECK(invoke(client, "multi").body == "alpha");  // the default handler
    CHECK(invoke(client, "multi", "", "handler=alpha").body == "alpha");
    const Response beta = invoke(client, "multi", "", "handler=beta");
    CHECK(beta.status == 200);
    CHECK(beta.body == "beta");
    check_call_headers(beta, "1");

    const Response created = invoke(client, "multi", "", "handler=created");
    INFO(created.summary());
    CHECK(created.status == 201);
    CHECK(created.header("content-type") == "application/json");
    CHECK(created.json() == nlohmann::json{{"created", true}});
    check_call_headers(created, "1");

    const Response no_content = invoke(client, "multi", "ignored", "handler=no_content");
    CHECK(no_content.status == 204);
    CHECK(no_content.body.empty());
    check_call_headers(no_content, "1");

    CHECK(invoke(client, "multi", "abcd", "handler=length").body == "4 bytes");
    CHECK(invoke(client, "multi", "shh", "handler=SHOUT").body == "SHH");

    const Response unknown = invoke(client, "multi", "", "handler=nope");
    check_error(unknown, 404, "handler_not_found");
    // The sandbox is fine afterwards.
    CHECK(invoke(client, "multi", "", "handler=beta").body == "beta");
}

TEST_CASE("every counter call starts from the snapshot", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "counter", "counter");
    int ones = 0;
    std::string first_other;
    for (int i = 0; i < 50; ++i) {
        const Response response = invoke(client, "counter");
        if (response.status == 200 && response.body == "1") {
            ++ones;
        } else if (first_other.empty()) {
            first_other = response.summary();
        }
    }
    INFO("first unexpected reply: " << first_other);
    CHECK(ones == 50);

    // The same after calls that bump the counter and then fault or time out.
    deploy_ok(client, "tc", "t_counter", "timeout_ms=200");
    CHECK(invoke(client, "tc").body == "1");
    CHECK(invoke(client, "tc", "", "handler=crash").status == 500);
    CHECK(invoke(client, "tc").body == "1");
    CHECK(invoke(client, "tc", "", "handler=spin").status == 504);
    CHECK(invoke(client, "tc").body == "1");
}

TEST_CASE("a status the guest sets is passed through", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "fib", "fib");
    const Response ok = invoke(client, "fib", "10");
    CHECK(ok.status == 200);
    CHECK(ok.body == "55");
    CHECK(invoke(client, "fib", "90").body == "2880067194370816120");

    for (const char* input : {"abc", "91", ""}) {
        INFO("input '" << input << "'");
        const Response bad = invoke(client, "fib", input);
        INFO(bad.summary());
        CHECK(bad.status == 400);
        // The guest's own reply, not an error of the daemon.
        CHECK(bad.body == "expected a decimal number from 0 to 90\n");
        check_call_headers(bad, "1");
    }
}

TEST_CASE("a guest fault is 500 guest_fault", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "nd", "t_null_deref");
    for (const char* handler : {"handler=write", "handler=read", "handler=exec"}) {
        INFO(handler);
        const Response response = invoke(client, "nd", "", handler);
        check_error(response, 500, "guest_fault");
        CHECK_THAT(error_message(response), Catch::Contains("null dereference"));
        // Assumption: "Headers on every reply" includes failed calls.
        CHECK(response.header("x-ember-version") == "1");
    }
    // The sandbox was restored: the well-behaved handler works.
    const Response ok = invoke(client, "nd", "fine", "handler=ok");
    CHECK(ok.status == 200);
    CHECK(ok.body == "fine");
}

TEST_CASE("a guest abort is 500 guest_abort", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "abort", "t_abort");
    const Response response = invoke(client, "abort");
    check_error(response, 500, "guest_abort");
    // Assumption: the guest's abort message reaches the client.
    CHECK_THAT(error_message(response), Catch::Contains("giving up on purpose"));
    // An abort whose message points outside guest memory is refused cleanly.
    const Response bad = invoke(client, "abort", "", "handler=bad_message");
    INFO(bad.summary());
    CHECK(bad.status == 500);
    CHECK(invoke(client, "abort", "ok", "handler=ok").body == "ok");
}

TEST_CASE("a call past its timeout is 504 timeout", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "spin", "t_infinite_loop", "timeout_ms=200");
    for (int i = 0; i < 2; ++i) {
        const Response response = invoke(client, "spin");
        check_error(response, 504, "timeout");
    }
    const Response ok = invoke(client, "spin", "awake", "handler=ok");
    CHECK(ok.status == 200);
    CHECK(ok.body == "awake");
}

TEST_CASE("an input over max_input_bytes is 413 payload_too_large", "[kvm][e2e]") {
    Daemon daemon({.config = {{"max_input_bytes", 4096}}});
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    const std::string fits(4096, 'f');
    const Response ok = invoke(client, "echo", fits);
    CHECK(ok.status == 200);
    CHECK(ok.body == fits);
    check_error(invoke(client, "echo", std::string(4097, 'x')), 413, "payload_too_large");
    check_error(invoke(client, "echo", std::string(200000, 'x')), 413, "payload_too_large");
    HttpClient other = daemon.client();
    CHECK(invoke(other, "echo", "after").body == "after");
}

TEST_CASE("invoking an unknown function is 404 function_not_found", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    check_error(invoke(client, "nope", "x"), 404, "function_not_found");
    deploy_ok(client, "echo", "echo");
    check_error(invoke(client, "ech0", "x"), 404, "function_not_found");
}

TEST_CASE("no guest failure takes the daemon down", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "nd", "t_null_deref");
    deploy_ok(client, "abort", "t_abort");
    deploy_ok(client, "spin", "t_infinite_loop", "timeout_ms=200");
    // Hostile guests of tests/guests, each with what its default handler
    // must get: a 500 guest_fault for every attack; t_scribble's only
    // attack is on its own memory, which it finds clean.
    const char* hostile[] = {"t_stack_overflow",   "t_invalid_opcode", "t_write_outside",
                             "t_cli_hlt",          "t_port_storm",     "t_unknown_hostfn",
                             "t_output_too_large", "t_bad_reply",      "t_exceptions",
                             "t_privileged"};
    for (const char* guest : hostile)
        deploy_ok(client, guest, guest, "timeout_ms=500");
    deploy_ok(client, "t_scribble", "t_scribble", "timeout_ms=500");

    for (int round = 0; round < 2; ++round) {
        check_error(invoke(client, "nd"), 500, "guest_fault");
        check_error(invoke(client, "abort"), 500, "guest_abort");
        check_error(invoke(client, "spin"), 504, "timeout");
        for (const char* guest : hostile) {
            INFO(guest);
            check_error(invoke(client, guest, "input"), 500, "guest_fault");
            const Response ok = invoke(client, guest, "ok", "handler=ok");
            CHECK(ok.status == 200);
            CHECK(ok.body == "ok");
        }
        const Response scribble = invoke(client, "t_scribble", "input");
        CHECK(scribble.status == 200);
        CHECK(scribble.body == "heap=clean globals=clean stack=clean output=clean");
        const Response echo = invoke(client, "echo", "alive");
        CHECK(echo.status == 200);
        CHECK(echo.body == "alive");
    }
    CHECK(daemon.request("GET", "/healthz").status == 200);
    CHECK(daemon.request("GET", "/readyz").status == 200);
}

}  // namespace
}  // namespace ember::e2e
