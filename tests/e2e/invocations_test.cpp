// End-to-end: invocation ids, traces, records and async calls against a
// real emberd.
#include <catch2/catch.hpp>

#include <map>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

const std::string caller_trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

nlohmann::json record_of(HttpClient& client, const std::string& id) {
    const Response response = client.request("GET", "/v1/invocations/" + id);
    INFO(response.summary());
    REQUIRE(response.status == 200);
    return response.json();
}

TEST_CASE("a call's record holds its guest's log lines, its trace and its timings",
          "[kvm][e2e][invocations]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "hello", "hello");
    const Response reply = invoke(client, "hello", "records", {}, {{"traceparent", caller_trace}});
    REQUIRE(reply.status == 200);
    const std::string id = reply.header("x-ember-invocation-id");
    REQUIRE(id.size() == 32);
    CHECK(reply.header("traceparent").starts_with("00-0af7651916cd43dd8448eb211c80319c-"));

    const nlohmann::json record = record_of(client, id);
    INFO(record.dump());
    CHECK(record["function"] == "hello");
    CHECK(record["version"] == 1);
    CHECK(record["status"] == 200);
    CHECK(record["outcome"] == "ok");
    CHECK(record["trace_id"] == "0af7651916cd43dd8448eb211c80319c");
    CHECK(record["logs"] == nlohmann::json::array({"Hello, records!"}));
    CHECK(record["timings"]["sandbox_ms"].get<double>() > 0);
    CHECK(record["timings"]["total_ms"].get<double>() >=
          record["timings"]["sandbox_ms"].get<double>());

    // The daemon's own log names the call too.
    CHECK(daemon.log_text().find("guest hello v1 " + id + ": Hello, records!") !=
          std::string::npos);

    const Response listed = client.request("GET", "/v1/functions/hello/invocations?limit=1");
    REQUIRE(listed.status == 200);
    CHECK(listed.json()["invocations"][0]["id"] == id);
}

TEST_CASE("1,000 async calls to 3 functions all end, with the results sync calls get",
          "[kvm][e2e][invocations][async]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const std::vector<std::string> functions = {"echo", "hello", "sha256"};
    for (const std::string& name : functions)
        deploy_ok(client, name, name, "pool_max=2");
    // What a sync call answers, per function and input.
    std::map<std::pair<std::string, std::string>, std::string> expected;
    for (const std::string& name : functions) {
        for (int i = 0; i < 10; ++i) {
            const std::string input = "input " + std::to_string(i);
            const Response sync = invoke(client, name, input);
            REQUIRE(sync.status == 200);
            expected[{name, input}] = sync.body;
        }
    }
    struct Accepted {
        std::string id, function, input;
    };
    std::vector<Accepted> accepted;
    for (int i = 0; i < 1000; ++i) {
        const std::string& name = functions[i % 3];
        const std::string input = "input " + std::to_string(i % 10);
        const Response r = invoke(client, name, input, {}, {{"prefer", "respond-async"}});
        INFO(r.summary());
        REQUIRE(r.status == 202);
        CHECK(r.header("location") == "/v1/invocations/" + r.header("x-ember-invocation-id"));
        accepted.push_back({r.header("x-ember-invocation-id"), name, input});
    }
    for (const Accepted& call : accepted) {
        Response result;
        // Polled: a bound for a loaded machine, not a timing.
        for (int attempt = 0; attempt < 6000; ++attempt) {
            result = client.request("GET", "/v1/invocations/" + call.id + "/result");
            if (result.status != 409) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        INFO(call.function << " " << call.input << ": " << result.summary());
        REQUIRE(result.status == 200);
        CHECK(result.body == expected.at({call.function, call.input}));
        CHECK(result.header("x-ember-invocation-id") == call.id);
        CHECK(record_of(client, call.id)["state"] == "done");
    }
}

}  // namespace
}  // namespace ember::e2e
