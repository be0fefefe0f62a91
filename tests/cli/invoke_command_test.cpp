// `ember invoke` against a scripted emberd (tests/cli/fake_emberd.hpp):
// what it sends, what it prints and its exit status for each kind of reply.
// tests/e2e/cli_test.cpp calls real functions.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string invoke_target = "/v1/functions/echo/invoke";

TEST_CASE("ember invoke sends the input and writes the reply's body unchanged", "[cli]") {
    FakeEmberd server;
    const std::string bytes("raw\0\x1b[2J\xff", 9);
    server.on("POST", invoke_target, {200, {{"Content-Type", "application/octet-stream"}}, bytes});
    const EmberRun run = run_ember({"invoke", "echo", "--data", "hi", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out == bytes);
    CHECK(run.err.empty());
    const http::Request request = server.only_request();
    CHECK(request.body == "hi");
    CHECK(request.header("prefer") == nullptr);
    REQUIRE(request.header("content-type"));
    CHECK(*request.header("content-type") == "application/octet-stream");
}

TEST_CASE("ember invoke reads standard input or a file when --data is not given", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target, {200, {}, "ok"});
    CHECK(run_ember({"invoke", "echo", "--url", server.url()}, "from stdin").status == 0);
    daemon::test::ScratchDir dir;
    const auto file = dir.path() / "input";
    std::ofstream(file) << "from a file";
    CHECK(
        run_ember({"invoke", "echo", "--data-file", file.string(), "--url", server.url()}).status ==
        0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].body == "from stdin");
    CHECK(requests[1].body == "from a file");
}

TEST_CASE("ember invoke --handler and --version become the query", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target + "?handler=up%20per&version=2", {200, {}, "OK"});
    const EmberRun run = run_ember({"invoke", "echo", "--handler", "up per", "--version", "2",
                                    "--data", "ok", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(run.out == "OK");
}

TEST_CASE("ember invoke: a failed call prints the server's code and message, exit 1", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target,
              json_reply(500, R"({"error":{"code":"guest_fault","message":"page fault writing )"
                              R"(0x0","invocation_id":"0af76519"}})"));
    const EmberRun run = run_ember({"invoke", "echo", "--data", "", "--url", server.url()});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "ember: guest_fault: page fault writing 0x0 (HTTP 500, invocation 0af76519)\n");
}

TEST_CASE("ember invoke: the function's own error status prints its body, exit 4", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target, {400, {{"Content-Type", "text/plain"}}, "not a number"});
    const EmberRun run = run_ember({"invoke", "echo", "--data", "x", "--url", server.url()});
    CHECK(run.status == 4);
    CHECK(run.out == "not a number");
    CHECK(run.err == "ember: the function answered with status 400\n");
}

TEST_CASE("ember invoke --async prints the id from Location", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target,
              {202,
               {{"Location", "/v1/invocations/0af7651916cd43dd"},
                {"X-Ember-Invocation-Id", "0af7651916cd43dd"}},
               R"({"invocation_id":"0af7651916cd43dd","state":"queued",)"
               R"("location":"/v1/invocations/0af7651916cd43dd"})"});
    const EmberRun run =
        run_ember({"invoke", "echo", "--async", "--data", "later", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out == "0af7651916cd43dd\n");
    const http::Request request = server.only_request();
    REQUIRE(request.header("prefer"));
    CHECK(*request.header("prefer") == "respond-async");
    CHECK(request.body == "later");

    const EmberRun json = run_ember(
        {"invoke", "echo", "--async", "--json", "--data", "later", "--url", server.url()});
    CHECK(nlohmann::json::parse(json.out) ==
          nlohmann::json{{"id", "0af7651916cd43dd"},
                         {"location", "/v1/invocations/0af7651916cd43dd"}});
}

TEST_CASE("ember invoke --verbose shows the call's headers on stderr", "[cli]") {
    FakeEmberd server;
    server.on("POST", invoke_target,
              {200,
               {{"X-Ember-Invocation-Id", "0af76519"},
                {"X-Ember-Version", "3"},
                {"X-Ember-Cold-Start", "true"},
                {"X-Ember-Duration-Us", "42"}},
               "out"});
    const EmberRun run = run_ember({"invoke", "echo", "-v", "--data", "x", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(run.out == "out");
    CHECK_THAT(run.err,
               Contains("ember: invocation 0af76519\n") && Contains("ember: version 3\n") &&
                   Contains("ember: cold start true\n") && Contains("ember: in sandbox (us) 42\n"));
}

TEST_CASE("ember invoke takes --data or --data-file, not both", "[cli]") {
    daemon::test::ScratchDir dir;
    const auto file = dir.path() / "input";
    std::ofstream(file) << "x";
    const EmberRun both =
        run_ember({"invoke", "echo", "--data", "a", "--data-file", file.string()});
    CHECK(both.status == 2);
    CHECK_THAT(both.err, Contains("excludes"));
    const EmberRun missing = run_ember({"invoke", "echo", "--data-file", "/nonexistent"});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Contains("/nonexistent"));
}

}  // namespace
}  // namespace ember::cli::test
