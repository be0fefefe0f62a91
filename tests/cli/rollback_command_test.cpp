// `ember rollback` against a scripted emberd (tests/cli/fake_emberd.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

TEST_CASE("ember rollback puts the version as the active one", "[cli]") {
    FakeEmberd server;
    const std::string description = R"({"name":"echo","version":1})";
    server.on("PUT", "/v1/functions/echo/active", json_reply(200, description));
    const EmberRun run = run_ember({"rollback", "echo", "1", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out == "echo: version 1 is active\n");
    const http::Request request = server.only_request();
    CHECK(nlohmann::json::parse(request.body) == nlohmann::json{{"version", 1}});
    REQUIRE(request.header("content-type"));
    CHECK(*request.header("content-type") == "application/json");

    const EmberRun json = run_ember({"rollback", "echo", "1", "--json", "--url", server.url()});
    CHECK(json.status == 0);
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json::parse(description));
}

TEST_CASE("ember rollback to a version that is not stored fails with the server's message",
          "[cli]") {
    FakeEmberd server;
    server.on("PUT", "/v1/functions/echo/active",
              json_reply(404, R"({"error":{"code":"version_not_found",)"
                              R"("message":"echo has no version 9"}})"));
    const EmberRun run = run_ember({"rollback", "echo", "9", "--url", server.url()});
    CHECK(run.status == 1);
    CHECK(run.err == "ember: version_not_found: echo has no version 9 (HTTP 404)\n");
}

TEST_CASE("ember rollback takes a version number", "[cli]") {
    const EmberRun run = run_ember({"rollback", "echo", "latest"});
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Contains("VERSION"));
    CHECK(run_ember({"rollback", "echo"}).status == 2);
}

}  // namespace
}  // namespace ember::cli::test
