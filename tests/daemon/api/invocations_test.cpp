// Invocation ids, traces, records and async calls through the REST API,
// over fake versions (no /dev/kvm).
#include "daemon/api/invoke_endpoint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/daemon/api/api_fixture.hpp"
#include "tests/eventually.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;
using Catch::Matchers::Contains;

namespace {

const std::string caller_trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

http::Response call(Fixture& f, const std::string& target, std::string body = "input",
                    http::Fields headers = {}) {
    Replies replies;
    f.send("POST", target, replies, std::move(body), std::move(headers));
    return replies.wait_for(1).at(0);
}

nlohmann::json json_of(const http::Response& response) {
    return nlohmann::json::parse(response.body);
}

// Waits until the async call's record has ended, and returns it.
nlohmann::json ended_record(Fixture& f, const std::string& id) {
    nlohmann::json record;
    REQUIRE(ember::test::eventually(
        [&] {
            record = json_of(f.get("/v1/invocations/" + id));
            return record["state"] == "done" || record["state"] == "cancelled";
        },
        std::chrono::seconds(20)));
    return record;
}

DaemonConfig with_records(RecordPolicy policy) {
    DaemonConfig config;
    config.records.record = policy;
    return config;
}

}  // namespace

TEST_CASE("a call gets an id and continues the caller's trace", "[invocations]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    const http::Response reply = call(f, "/v1/functions/echo/invoke?handler=other", "hi",
                                      {{"traceparent", caller_trace}, {"tracestate", "a=1"}});
    REQUIRE(reply.status == 200);
    const std::string id = header(reply, "X-Ember-Invocation-Id");
    CHECK(id.size() == 32);
    const std::string traceparent = header(reply, "traceparent");
    CHECK(traceparent.substr(0, 36) == caller_trace.substr(0, 36));
    CHECK(traceparent != caller_trace);
    CHECK(header(reply, "tracestate") == "a=1");

    const http::Response got = f.get("/v1/invocations/" + id);
    REQUIRE(got.status == 200);
    const nlohmann::json record = json_of(got);
    CHECK(record["id"] == id);
    CHECK(record["function"] == "echo");
    CHECK(record["version"] == 1);
    CHECK(record["handler"] == "other");
    CHECK(record["async"] == false);
    CHECK(record["state"] == "done");
    CHECK(record["status"] == 200);
    CHECK(record["outcome"] == "ok");
    CHECK(record["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(record["traceparent"] == traceparent);
    CHECK(record["cold_start"].is_boolean());
    CHECK(record["timings"]["total_ms"].get<double>() >=
          record["timings"]["sandbox_ms"].get<double>());
    CHECK(record["logs"] == nlohmann::json::array());
    CHECK_FALSE(record.contains("error"));
    CHECK_FALSE(record.contains("result"));
}

TEST_CASE("a failed call's record says how it failed", "[invocations]") {
    Fixture f;
    FunctionConfig config;
    config.timeout_ms = 100;
    f.registry.deploy("echo", binary("v1"), config);
    f.versions.call_gate->close();
    const http::Response reply = call(f, "/v1/functions/echo/invoke");
    f.versions.call_gate->open();
    REQUIRE(reply.status == 504);
    const std::string id = header(reply, "X-Ember-Invocation-Id");
    CHECK(json_of(reply)["error"]["invocation_id"] == id);
    const nlohmann::json record = json_of(f.get("/v1/invocations/" + id));
    CHECK(record["status"] == 504);
    CHECK(record["outcome"] == "timeout");
    CHECK(record["error"]["code"] == "timeout");
    CHECK_THAT(record["error"]["message"].get<std::string>(), Contains("held by the test"));
}

TEST_CASE("a function's records are listed newest first", "[invocations]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i)
        ids.push_back(header(call(f, "/v1/functions/echo/invoke"), "X-Ember-Invocation-Id"));
    const nlohmann::json listed = json_of(f.get("/v1/functions/echo/invocations?limit=2"));
    REQUIRE(listed["invocations"].size() == 2);
    CHECK(listed["invocations"][0]["id"] == ids[2]);
    CHECK(listed["invocations"][1]["id"] == ids[1]);
    CHECK(json_of(f.get("/v1/functions/echo/invocations"))["invocations"].size() == 3);
    for (const char* bad : {"limit=0", "limit=1001", "limit=x", "limit=", "since=1"}) {
        INFO(bad);
        const http::Response r = f.get(std::string("/v1/functions/echo/invocations?") + bad);
        CHECK(r.status == 400);
        CHECK(json_of(r)["error"]["code"] == "invalid_config");
    }
}

TEST_CASE("unknown and malformed ids are 404", "[invocations]") {
    Fixture f;
    for (const std::string& path :
         {"/v1/invocations/" + std::string(32, 'a'), std::string("/v1/invocations/xyz"),
          "/v1/invocations/" + std::string(32, 'a') + "/result"}) {
        INFO(path);
        const http::Response r = f.get(path);
        CHECK(r.status == 404);
        CHECK(json_of(r)["error"]["code"] == "invocation_not_found");
    }
}

TEST_CASE("recording can be limited to failures, or turned off", "[invocations]") {
    Fixture failures(with_records(RecordPolicy::failures));
    FunctionConfig config;
    config.timeout_ms = 100;
    failures.registry.deploy("echo", binary("v1"), config);
    const http::Response ok = call(failures, "/v1/functions/echo/invoke");
    CHECK(failures.get("/v1/invocations/" + header(ok, "X-Ember-Invocation-Id")).status == 404);
    failures.versions.call_gate->close();
    const http::Response failed = call(failures, "/v1/functions/echo/invoke");
    failures.versions.call_gate->open();
    CHECK(failures.get("/v1/invocations/" + header(failed, "X-Ember-Invocation-Id")).status == 200);

    Fixture none(with_records(RecordPolicy::none));
    none.registry.deploy("echo", binary("v1"), {});
    const http::Response unrecorded = call(none, "/v1/functions/echo/invoke");
    CHECK(header(unrecorded, "X-Ember-Invocation-Id").size() == 32);
    CHECK(none.records.stats().records == 0);
}

TEST_CASE("an async call is accepted at once and its result reads as the sync reply",
          "[invocations][async]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    const http::Response sync = call(f, "/v1/functions/echo/invoke", "payload");
    const http::Response accepted =
        call(f, "/v1/functions/echo/invoke", "payload", {{"prefer", "wait=10, Respond-Async"}});
    REQUIRE(accepted.status == 202);
    const std::string id = header(accepted, "X-Ember-Invocation-Id");
    CHECK(header(accepted, "Location") == "/v1/invocations/" + id);
    CHECK(header(accepted, "Preference-Applied") == "respond-async");
    CHECK(json_of(accepted)["invocation_id"] == id);

    const nlohmann::json record = ended_record(f, id);
    CHECK(record["state"] == "done");
    CHECK(record["async"] == true);
    CHECK(record["result"]["status"] == 200);
    CHECK(record["result"]["body"] == "payload");

    const http::Response result = f.get("/v1/invocations/" + id + "/result");
    CHECK(result.status == sync.status);
    CHECK(result.body == sync.body);
    CHECK(header(result, "Content-Type") == header(sync, "Content-Type"));
    CHECK(header(result, "X-Ember-Version") == header(sync, "X-Ember-Version"));
    CHECK(header(result, "X-Ember-Invocation-Id") == id);
    CHECK(header(result, "traceparent") == header(accepted, "traceparent"));

    // A sync call's reply went to its caller.
    const http::Response no_result =
        f.get("/v1/invocations/" + header(sync, "X-Ember-Invocation-Id") + "/result");
    CHECK(no_result.status == 404);
    CHECK(json_of(no_result)["error"]["code"] == "result_not_found");
}

TEST_CASE("async calls wait in a bounded queue, and say when their result is not ready",
          "[invocations][async]") {
    DaemonConfig daemon;
    daemon.max_async_queued = 2;
    Fixture f(daemon);
    FunctionConfig config;
    config.pool_max = 1;
    config.timeout_ms = 30'000;
    f.registry.deploy("echo", binary("v1"), config);
    f.versions.call_gate->close();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        const http::Response r =
            call(f, "/v1/functions/echo/invoke", std::to_string(i), {{"prefer", "respond-async"}});
        REQUIRE(r.status == 202);
        ids.push_back(header(r, "X-Ember-Invocation-Id"));
        // One runs (held at the gate); the others wait their turn.
        if (i == 0) {
            REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 1; },
                                            std::chrono::seconds(20)));
        }
    }
    CHECK(json_of(f.get("/v1/invocations/" + ids[0]))["state"] == "running");
    CHECK(json_of(f.get("/v1/invocations/" + ids[1]))["state"] == "queued");
    const http::Response pending = f.get("/v1/invocations/" + ids[1] + "/result");
    CHECK(pending.status == 409);
    CHECK(json_of(pending)["error"]["code"] == "result_pending");
    CHECK(header(pending, "Retry-After") == "1");

    const http::Response full =
        call(f, "/v1/functions/echo/invoke", "x", {{"prefer", "respond-async"}});
    CHECK(full.status == 429);
    CHECK(header(full, "Retry-After") == "1");
    const std::string refused = header(full, "X-Ember-Invocation-Id");
    CHECK(json_of(f.get("/v1/invocations/" + refused))["state"] == "cancelled");

    f.versions.call_gate->open();
    for (int i = 0; i < 3; ++i) {
        const nlohmann::json record = ended_record(f, ids[i]);
        CHECK(record["result"]["body"] == std::to_string(i));
    }
}

TEST_CASE("a drain cancels the async calls that could not start in time", "[invocations][async]") {
    Fixture f;
    FunctionConfig config;
    config.pool_max = 1;
    config.timeout_ms = 2'000;
    f.registry.deploy("echo", binary("v1"), config);
    f.versions.call_gate->close();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(
            header(call(f, "/v1/functions/echo/invoke", "x", {{"prefer", "respond-async"}}),
                   "X-Ember-Invocation-Id"));
    }
    REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 1; },
                                    std::chrono::seconds(20)));
    CHECK_FALSE(f.api.drain_async(Clock::now() + std::chrono::milliseconds(50)));
    for (int i = 1; i < 3; ++i) {
        const nlohmann::json record = json_of(f.get("/v1/invocations/" + ids[i]));
        CHECK(record["state"] == "cancelled");
        const http::Response result = f.get("/v1/invocations/" + ids[i] + "/result");
        CHECK(result.status == 503);
        CHECK(json_of(result)["error"]["invocation_id"] == ids[i]);
    }
    const http::Response late =
        call(f, "/v1/functions/echo/invoke", "x", {{"prefer", "respond-async"}});
    CHECK(late.status == 503);
    // The running call still ends, and its record says how.
    f.versions.call_gate->open();
    CHECK(ended_record(f, ids[0])["state"] == "done");
}

TEST_CASE("1,000 async calls to 3 functions all reach a final state with the sync result",
          "[invocations][async]") {
    Fixture f;
    const std::vector<std::string> functions = {"alpha", "beta", "gamma"};
    FunctionConfig config;
    config.pool_max = 2;
    for (const std::string& name : functions)
        f.registry.deploy(name, binary(name), config);
    std::vector<std::pair<std::string, std::string>> calls;  // id, input
    for (int i = 0; i < 1000; ++i) {
        const std::string& name = functions[i % 3];
        const std::string input = name + "-" + std::to_string(i);
        const http::Response r =
            call(f, "/v1/functions/" + name + "/invoke", input, {{"prefer", "respond-async"}});
        REQUIRE(r.status == 202);
        calls.emplace_back(header(r, "X-Ember-Invocation-Id"), input);
    }
    for (const auto& [id, input] : calls) {
        const nlohmann::json record = ended_record(f, id);
        INFO(record.dump());
        CHECK(record["state"] == "done");
        CHECK(record["result"]["body"] == input);
    }
}
