// `ember versions` against a scripted emberd (tests/cli/fake_emberd.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string versions_body = R"({"versions":[
  {"version":1,"sha256":"aaaaaaaaaaaa1111","size_bytes":9000,"created_at":"2026-01-01T00:00:00Z",
   "config":{"memory_mb":16,"timeout_ms":1000},"active":false},
  {"version":2,"sha256":"bbbbbbbbbbbb2222","size_bytes":9100,"created_at":"2026-01-02T00:00:00Z",
   "config":{"memory_mb":32,"timeout_ms":500},"active":true}]})";

TEST_CASE("ember versions lists every version and marks the active one", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/echo/versions", json_reply(200, versions_body));
    const EmberRun run = run_ember({"versions", "echo", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "VERSION  ACTIVE  CREATED               SIZE  SHA256        MEMORY_MB  TIMEOUT_MS\n"
          "1                2026-01-01T00:00:00Z  9000  aaaaaaaaaaaa  16         1000\n"
          "2        *       2026-01-02T00:00:00Z  9100  bbbbbbbbbbbb  32         500\n");
    CHECK(server.only_request().method == "GET");
}

TEST_CASE("ember versions --json prints the server's answer", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/echo/versions", json_reply(200, versions_body));
    const EmberRun run = run_ember({"versions", "echo", "--json", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(nlohmann::json::parse(run.out) == nlohmann::json::parse(versions_body));
}

TEST_CASE("ember versions of an unknown function prints the server's code and message", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/nope/versions",
              json_reply(404, R"({"error":{"code":"function_not_found",)"
                              R"("message":"no function named 'nope'"}})"));
    const EmberRun run = run_ember({"versions", "nope", "--url", server.url()});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err == "ember: function_not_found: no function named 'nope' (HTTP 404)\n");
}

}  // namespace
}  // namespace ember::cli::test
