// `ember env` against a scripted emberd (tests/cli/fake_emberd.hpp): the
// arguments become the env's JSON body; tests/e2e/env_test.cpp sets an env
// on a real emberd.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string description = R"({"name":"greet","version":5})";

TEST_CASE("ember env puts values and secrets as the function's whole env", "[cli]") {
    FakeEmberd server;
    server.on("PUT", "/v1/functions/greet/env", json_reply(201, description));
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "token") << "s3cret\n";
    const EmberRun run =
        run_ember({"env", "greet", "GREETING=Hello, world", "--secret", "API_KEY=k=v",
                   "EMPTY=", "--secret-file", "TOKEN=" + (dir.path() / "token").string(), "--url",
                   server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out == "greet: version 5 serves an env of 2 values and 2 secrets\n");
    const http::Request request = server.only_request();
    CHECK(nlohmann::json::parse(request.body) ==
          nlohmann::json{{"values", {{"GREETING", "Hello, world"}, {"EMPTY", ""}}},
                         {"secrets", {{"API_KEY", "k=v"}, {"TOKEN", "s3cret"}}}});
    REQUIRE(request.header("content-type"));
    CHECK(*request.header("content-type") == "application/json");

    const EmberRun json = run_ember({"env", "greet", "--json", "--url", server.url()});
    CHECK(json.status == 0);
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json::parse(description));
    CHECK(nlohmann::json::parse(server.requests().back().body) ==
          nlohmann::json{{"values", nlohmann::json::object()},
                         {"secrets", nlohmann::json::object()}});
}

TEST_CASE("ember env refuses what is not KEY=VALUE without quoting a value", "[cli]") {
    const EmberRun bare = run_ember({"env", "greet", "GREETING"});
    CHECK(bare.status == 2);
    CHECK(bare.err == "ember: value 'GREETING' is not KEY=VALUE\n");
    const EmberRun nameless = run_ember({"env", "greet", "--secret", "=hunter2"});
    CHECK(nameless.status == 2);
    CHECK_THAT(nameless.err, Contains("--secret '' is not KEY=VALUE"));
    CHECK_THAT(nameless.err, !Contains("hunter2"));
    const EmberRun missing = run_ember({"env", "greet", "--secret-file", "TOKEN=/nonexistent/x"});
    CHECK(missing.status == 3);
    CHECK_THAT(missing.err, Contains("/nonexistent/x"));
}

TEST_CASE("ember env shows emberd's refusal", "[cli]") {
    FakeEmberd server;
    server.on("PUT", "/v1/functions/greet/env",
              json_reply(400, R"({"error":{"code":"invalid_request",)"
                              R"("message":"env name '1X' must not start with a digit"}})"));
    const EmberRun run = run_ember({"env", "greet", "1X=y", "--url", server.url()});
    CHECK(run.status == 1);
    CHECK(run.err ==
          "ember: invalid_request: env name '1X' must not start with a digit (HTTP 400)\n");
}

}  // namespace
}  // namespace ember::cli::test
