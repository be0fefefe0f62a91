// `ember ls`, `ember describe` and `ember rm` against a scripted emberd
// (tests/cli/fake_emberd.hpp); tests/e2e/cli_test.cpp runs them against a
// real one.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string echo =
    R"({"name":"echo","version":3,"sha256":"0123456789abcdef","size_bytes":14336,)"
    R"("created_at":"2026-11-29T10:00:00Z","handlers":["echo","upper"],)"
    R"("default_handler":"echo","config":{"memory_mb":4,"timeout_ms":1000,"pool_min":2,)"
    R"("pool_max":16,"max_queue":64,"host_functions":["log"]},)"
    R"("pool":{"ready":2,"busy":0,"queued":0},)"
    R"("stats":{"invocations":120,"errors":1,"cold_starts":2}})";

TEST_CASE("ember ls prints a row per function", "[cli]") {
    FakeEmberd server;
    const std::string list = R"({"functions":[)" + echo + R"(,{"name":"fib","version":1}]})";
    server.on("GET", "/v1/functions", json_reply(200, list));
    const EmberRun run = run_ember({"ls", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "NAME  VERSION  HANDLERS     MEMORY_MB  READY  BUSY  QUEUED  INVOCATIONS  ERRORS  "
          "CREATED\n"
          "echo  3        echo, upper  4          2      0     0       120          1       "
          "2026-11-29T10:00:00Z\n"
          "fib   1        -            -          -      -     -       -            -       -\n");
    const EmberRun json = run_ember({"ls", "--json", "--url", server.url()});
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json::parse(list));
}

TEST_CASE("ember describe lists one function's fields", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/echo", json_reply(200, echo));
    const EmberRun run = run_ember({"describe", "echo", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "name            echo\n"
          "version         3\n"
          "created         2026-11-29T10:00:00Z\n"
          "sha256          0123456789abcdef\n"
          "size            14336 bytes\n"
          "handlers        echo (default), upper\n"
          "memory          4 MiB\n"
          "timeout         1000 ms\n"
          "pool            min 2, max 16, queue 64\n"
          "host functions  log\n"
          "kv store        -\n"
          "allowed hosts   -\n"
          "env             -\n"
          "sandboxes       2 ready, 0 busy, 0 calls queued\n"
          "invocations     120 (1 errors, 2 cold starts)\n");
}

TEST_CASE("ember describe shows the env's names, never a value", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/proxy",
              json_reply(200, R"({"name":"proxy","config":{"host_functions":["http_fetch"],)"
                              R"("kv_store":"","allowed_hosts":["api.example.com","10.0.0.5:80"]},)"
                              R"("env":{"values":{"UPSTREAM_URL":"http://api.example.com/"},)"
                              R"("secrets":["TOKEN"]}})"));
    const EmberRun run = run_ember({"describe", "proxy", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Contains("kv store        its own\n"
                                 "allowed hosts   api.example.com, 10.0.0.5:80\n"
                                 "env             UPSTREAM_URL, TOKEN (secret)\n"));
    CHECK_THAT(run.out, !Contains("http://api.example.com/"));
}

TEST_CASE("ember rm deletes the function", "[cli]") {
    FakeEmberd server;
    server.on("DELETE", "/v1/functions/echo", {204, {}, ""});
    const EmberRun run = run_ember({"rm", "echo", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(run.out == "removed echo\n");
    const EmberRun json = run_ember({"rm", "echo", "--json", "--url", server.url()});
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json{{"removed", "echo"}});
    CHECK(server.requests().size() == 2);
}

}  // namespace
}  // namespace ember::cli::test
