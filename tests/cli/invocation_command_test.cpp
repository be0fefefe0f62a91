// `ember invocation` against a scripted emberd (tests/cli/fake_emberd.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

const std::string async_record = R"({"id":"0af7651916cd43dd8448eb211c80319c",
  "function":"wordcount","version":2,"handler":"reverse","status":200,"outcome":"ok",
  "timings":{"queued_ms":1.5,"sandbox_ms":0.03,"total_ms":1.6},"cold_start":true,
  "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","logs":["one","two"],
  "result":{"status":200,"content_type":"text/plain","body":"cba"}})";

TEST_CASE("ember invocation shows the record, its logs and an async call's result", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/invocations/0af7651916cd43dd8448eb211c80319c",
              json_reply(200, async_record));
    const EmberRun run =
        run_ember({"invocation", "0af7651916cd43dd8448eb211c80319c", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "id             0af7651916cd43dd8448eb211c80319c\n"
          "function       wordcount\n"
          "version        2\n"
          "handler        reverse\n"
          "status         200\n"
          "outcome        ok\n"
          "cold start     yes\n"
          "trace id       4bf92f3577b34da6a3ce929d0e0e4736\n"
          "queued         1.5 ms\n"
          "in sandbox     0.03 ms\n"
          "total          1.6 ms\n"
          "result status  200\n"
          "result type    text/plain\n"
          "result body    cba\n"
          "logs:\n"
          "  one\n"
          "  two\n");
}

TEST_CASE("ember invocation of a sync call without logs, and as JSON", "[cli]") {
    FakeEmberd server;
    const std::string record =
        R"({"id":"1234","function":"echo","version":1,"handler":"echo","status":504,)"
        R"("outcome":{"type":"timeout"},"timings":{"total_ms":1000},"cold_start":false,)"
        R"("trace_id":"4bf9","logs":[]})";
    server.on("GET", "/v1/invocations/1234", json_reply(200, record));
    const EmberRun run = run_ember({"invocation", "1234", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(run.out ==
          "id          1234\n"
          "function    echo\n"
          "version     1\n"
          "handler     echo\n"
          "status      504\n"
          "outcome     type timeout\n"
          "cold start  no\n"
          "trace id    4bf9\n"
          "queued      -\n"
          "in sandbox  -\n"
          "total       1000 ms\n"
          "logs: none\n");
    const EmberRun json = run_ember({"invocation", "1234", "--json", "--url", server.url()});
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json::parse(record));
}

TEST_CASE("ember invocation of an evicted record, and of an id that needs escaping", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/invocations/gone",
              json_reply(404, R"({"error":{"code":"invocation_not_found",)"
                              R"("message":"no invocation gone; records are evicted"}})"));
    const EmberRun gone = run_ember({"invocation", "gone", "--url", server.url()});
    CHECK(gone.status == 1);
    CHECK(gone.err ==
          "ember: invocation_not_found: no invocation gone; records are evicted (HTTP 404)\n");

    const EmberRun odd = run_ember({"invocation", "a/b?c", "--url", server.url()});
    CHECK(odd.status == 1);
    CHECK(server.requests().back().target == "/v1/invocations/a%2Fb%3Fc");
}

}  // namespace
}  // namespace ember::cli::test
