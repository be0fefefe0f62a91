// `ember logs` against a scripted emberd (tests/cli/fake_emberd.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

// Newest first, as the server lists them.
const std::string invocations_body = R"({"invocations":[
  {"id":"cccc","function":"hello","version":3,"handler":"","async":true,"state":"running",
   "trace_id":"6bf92f3577b34da6a3ce929d0e0e4736"},
  {"id":"bbbb","function":"hello","version":3,"handler":"","async":false,"state":"done",
   "status":200,"outcome":"ok","timings":{"queued_ms":0.01,"sandbox_ms":0.05,"total_ms":0.25},
   "cold_start":false,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","logs":["Hello, Bob!"],
   "logs_dropped":0},
  {"id":"aaaa","function":"hello","version":3,"handler":"greet","async":false,"state":"done",
   "status":500,"outcome":"guest_fault","error":{"code":"guest_fault","message":"fault"},
   "timings":{"queued_ms":0.02,"sandbox_ms":1.5,"total_ms":2},"cold_start":true,
   "trace_id":"5bf92f3577b34da6a3ce929d0e0e4736","logs":["starting","evil\u001b[2J"],
   "logs_dropped":1}]})";

TEST_CASE("ember logs shows each call with its log lines, oldest first", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/hello/invocations?limit=3", json_reply(200, invocations_body));
    const EmberRun run = run_ember({"logs", "hello", "--limit", "3", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "aaaa  v3  greet  guest_fault  2 ms  cold start\n"
          "  starting\n"
          "  evil\\x1b[2J\n"
          "  (1 more lines dropped: over the per-call cap)\n"
          "bbbb  v3  (default)  ok  0.25 ms\n"
          "  Hello, Bob!\n"
          "cccc  v3  (default)  running  -\n");
}

TEST_CASE("ember logs asks for 20 calls unless told, and --json prints the answer", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions/hello/invocations?limit=20", json_reply(200, invocations_body));
    const EmberRun run = run_ember({"logs", "hello", "--json", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(nlohmann::json::parse(run.out) == nlohmann::json::parse(invocations_body));
}

TEST_CASE("ember logs --limit is from 1 to 1000", "[cli]") {
    CHECK(run_ember({"logs", "hello", "--limit", "0"}).status == 2);
    CHECK(run_ember({"logs", "hello", "--limit", "1001"}).status == 2);
    CHECK(run_ember({"logs", "hello", "--limit", "many"}).status == 2);
}

}  // namespace
}  // namespace ember::cli::test
