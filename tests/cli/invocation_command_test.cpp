// `ember invocation` against a scripted emberd (tests/cli/fake_emberd.hpp),
// with records of the shape docs/api.md gives; tests/e2e/cli_test.cpp reads
// real ones.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

const std::string async_record = R"({"id":"0af7651916cd43dd8448eb211c80319c",
  "function":"wordcount","version":2,"handler":"reverse","async":true,"state":"done",
  "received_at":"2026-11-30T10:00:00.123Z","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",
  "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-1f2e3d4c5b6a7988-01",
  "status":200,"outcome":"ok","timings":{"queued_ms":1.5,"sandbox_ms":0.03,"total_ms":1.6},
  "cold_start":true,"logs":["one","two"],"logs_dropped":3,
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
          "async          yes\n"
          "state          done\n"
          "received       2026-11-30T10:00:00.123Z\n"
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
          "  two\n"
          "  (3 more lines dropped: over the per-call cap)\n");
}

TEST_CASE("ember invocation of a failed sync call, and as JSON", "[cli]") {
    FakeEmberd server;
    const std::string record =
        R"({"id":"1234","function":"echo","version":1,"handler":"","async":false,)"
        R"("state":"done","received_at":"2026-11-30T10:00:00.123Z","trace_id":"4bf9",)"
        R"("status":504,"outcome":"timeout","error":{"code":"timeout","message":"too long"},)"
        R"("timings":{"queued_ms":0,"sandbox_ms":1000,"total_ms":1000},"cold_start":false,)"
        R"("logs":[],"logs_dropped":0})";
    server.on("GET", "/v1/invocations/1234", json_reply(200, record));
    const EmberRun run = run_ember({"invocation", "1234", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(run.out ==
          "id          1234\n"
          "function    echo\n"
          "version     1\n"
          "handler     (default)\n"
          "async       no\n"
          "state       done\n"
          "received    2026-11-30T10:00:00.123Z\n"
          "status      504\n"
          "outcome     timeout\n"
          "error       timeout: too long\n"
          "cold start  no\n"
          "trace id    4bf9\n"
          "queued      0 ms\n"
          "in sandbox  1000 ms\n"
          "total       1000 ms\n"
          "logs: none\n");
    const EmberRun json = run_ember({"invocation", "1234", "--json", "--url", server.url()});
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json::parse(record));
}

TEST_CASE("ember invocation of a queued async call and of a body that is not UTF-8", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/invocations/q",
              json_reply(200, R"({"id":"q","function":"echo","handler":"","async":true,)"
                              R"("state":"queued","trace_id":"4bf9"})"));
    server.on(
        "GET", "/v1/invocations/b",
        json_reply(200, R"({"id":"b","state":"done","result":{"status":200,)"
                        R"("content_type":"application/octet-stream","body_base64":"/w=="}})"));
    const EmberRun queued = run_ember({"invocation", "q", "--url", server.url()});
    CHECK(queued.status == 0);
    CHECK_THAT(queued.out, Catch::Matchers::Contains("state       queued\n") &&
                               Catch::Matchers::Contains("status      -\n"));
    const EmberRun binary = run_ember({"invocation", "b", "--url", server.url()});
    CHECK_THAT(binary.out, Catch::Matchers::Contains(
                               "result body    not UTF-8: --result prints it as it is\n"));
}

TEST_CASE("ember invocation --result prints an async call's reply as invoke would", "[cli]") {
    FakeEmberd server;
    const std::string bytes("\xff\0raw", 5);
    server.on("GET", "/v1/invocations/done/result", {200, {}, bytes});
    server.on("GET", "/v1/invocations/refused/result",
              {400, {{"Content-Type", "text/plain"}}, "not a number"});
    server.on(
        "GET", "/v1/invocations/pending/result",
        json_reply(409, R"({"error":{"code":"result_pending","message":"invocation )"
                        R"(pending is queued: ask again shortly","invocation_id":"pending"}})"));
    const EmberRun done = run_ember({"invocation", "done", "--result", "--url", server.url()});
    CHECK(done.status == 0);
    CHECK(done.out == bytes);
    const EmberRun refused =
        run_ember({"invocation", "refused", "--result", "--url", server.url()});
    CHECK(refused.status == 4);
    CHECK(refused.out == "not a number");
    const EmberRun pending =
        run_ember({"invocation", "pending", "--result", "--url", server.url()});
    CHECK(pending.status == 1);
    CHECK(pending.err ==
          "ember: result_pending: invocation pending is queued: ask again shortly (HTTP 409, "
          "invocation pending)\n");
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
