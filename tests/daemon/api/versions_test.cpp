// A function's versions through the REST API, over fake versions (no
// /dev/kvm): the listing, activation (rollback) and calls pinned to a version.
#include "daemon/api/versions_endpoint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/daemon/api/api_fixture.hpp"
#include "tests/eventually.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;
using Catch::Matchers::Contains;

namespace {

http::Response send_one(Fixture& f, const std::string& method, const std::string& target,
                        std::string body = "input", http::Fields headers = {}) {
    Replies replies;
    f.send(method, target, replies, std::move(body), std::move(headers));
    return replies.wait_for(1).at(0);
}

nlohmann::json json_of(const http::Response& response) {
    return nlohmann::json::parse(response.body);
}

std::string error_code(const http::Response& response) {
    return json_of(response).at("error").at("code");
}

// The version the record of the reply's call says ran.
uint32_t version_that_ran(Fixture& f, const http::Response& reply) {
    const std::string id = header(reply, "X-Ember-Invocation-Id");
    return json_of(f.get("/v1/invocations/" + id)).at("version");
}

void deploy_two_versions(Fixture& f) {
    FunctionConfig small;
    small.memory_mb = 16;
    f.registry.deploy("echo", binary("v1"), small);
    f.registry.deploy("echo", binary("v2"), {});
}

}  // namespace

TEST_CASE("GET versions lists every stored version, newest first, and marks the active one",
          "[versions]") {
    Fixture f;
    deploy_two_versions(f);
    const http::Response reply = f.get("/v1/functions/echo/versions");
    REQUIRE(reply.status == 200);
    CHECK(header(reply, "Content-Type") == "application/json");
    const nlohmann::json body = json_of(reply);
    CHECK(body.at("name") == "echo");
    CHECK(body.at("active") == 2);
    const nlohmann::json& versions = body.at("versions");
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].at("version") == 2);
    CHECK(versions[0].at("active") == true);
    CHECK(versions[1].at("version") == 1);
    CHECK(versions[1].at("active") == false);
    CHECK(versions[1].at("config").at("memory_mb") == 16);
    CHECK(versions[1].at("size_bytes") == 2);
    CHECK(versions[1].at("sha256").get<std::string>().size() == 64);
    CHECK(versions[1].at("created_at").get<std::string>().ends_with("Z"));

    const http::Response unknown = f.get("/v1/functions/nope/versions");
    CHECK(unknown.status == 404);
    CHECK(error_code(unknown) == "function_not_found");
}

TEST_CASE("PUT active switches the served version and answers its description", "[versions]") {
    Fixture f;
    deploy_two_versions(f);
    const http::Response reply =
        send_one(f, "PUT", "/v1/functions/echo/active", R"({"version": 1})");
    REQUIRE(reply.status == 200);
    const nlohmann::json described = json_of(reply);
    CHECK(described.at("version") == 1);
    CHECK(described.at("config").at("memory_mb") == 16);
    CHECK(json_of(f.get("/v1/functions/echo")).at("version") == 1);
    CHECK(json_of(f.get("/v1/functions/echo/versions")).at("active") == 1);

    const http::Response call = f.invoke("echo");
    REQUIRE(call.status == 200);
    CHECK(version_that_ran(f, call) == 1);

    // And forward again.
    CHECK(send_one(f, "PUT", "/v1/functions/echo/active", R"({"version": 2})").status == 200);
    CHECK(version_that_ran(f, f.invoke("echo")) == 2);
}

TEST_CASE("PUT active refuses bad bodies, unknown versions and unknown functions", "[versions]") {
    Fixture f;
    deploy_two_versions(f);
    for (const std::string body :
         {"", "1", "{}", R"({"version": "1"})", R"({"version": 0})", R"({"version": -1})",
          R"({"version": 1.5})", R"({"version": 4294967296})", R"({"version": 1, "x": 2})",
          "{\"version\": 1"}) {
        INFO(body);
        const http::Response refused = send_one(f, "PUT", "/v1/functions/echo/active", body);
        CHECK(refused.status == 400);
        CHECK(error_code(refused) == "invalid_request");
    }
    const http::Response missing =
        send_one(f, "PUT", "/v1/functions/echo/active", R"({"version": 9})");
    CHECK(missing.status == 404);
    CHECK(error_code(missing) == "version_not_found");
    CHECK_THAT(json_of(missing).at("error").at("message").get<std::string>(),
               Contains("no version 9"));
    const http::Response unknown =
        send_one(f, "PUT", "/v1/functions/nope/active", R"({"version": 1})");
    CHECK(unknown.status == 404);
    CHECK(error_code(unknown) == "function_not_found");
    CHECK(json_of(f.get("/v1/functions/echo")).at("version") == 2);  // nothing changed
}

TEST_CASE("invoke ?version=N runs that version, the active one untouched", "[versions]") {
    Fixture f;
    deploy_two_versions(f);
    const http::Response pinned = send_one(f, "POST", "/v1/functions/echo/invoke?version=1", "hi");
    REQUIRE(pinned.status == 200);
    CHECK(pinned.body == "hi");
    CHECK(version_that_ran(f, pinned) == 1);
    const int boots = f.versions.boots;
    CHECK(version_that_ran(f, send_one(f, "POST", "/v1/functions/echo/invoke?version=1")) == 1);
    CHECK(f.versions.boots == boots);  // booted once
    CHECK(version_that_ran(f, send_one(f, "POST", "/v1/functions/echo/invoke?version=2")) == 2);
    CHECK(version_that_ran(f, f.invoke("echo")) == 2);
    CHECK(json_of(f.get("/v1/functions/echo")).at("version") == 2);

    // Async calls may name a version too.
    const http::Response accepted = send_one(f, "POST", "/v1/functions/echo/invoke?version=1",
                                             "later", {{"prefer", "respond-async"}});
    REQUIRE(accepted.status == 202);
    const std::string id = header(accepted, "X-Ember-Invocation-Id");
    nlohmann::json record;
    REQUIRE(ember::test::eventually(
        [&] {
            record = json_of(f.get("/v1/invocations/" + id));
            return record["state"] == "done";
        },
        std::chrono::seconds(20)));
    CHECK(record.at("version") == 1);
}

TEST_CASE("invoke ?version= refuses what is not a stored version, with the call's id",
          "[versions]") {
    Fixture f;
    deploy_two_versions(f);
    for (const std::string value : {"", "0", "01", "x", "-1", "4294967296"}) {
        INFO(value);
        const http::Response refused =
            send_one(f, "POST", "/v1/functions/echo/invoke?version=" + value);
        CHECK(refused.status == 400);
        CHECK(error_code(refused) == "invalid_request");
        CHECK(json_of(refused).at("error").at("invocation_id") ==
              header(refused, "X-Ember-Invocation-Id"));
    }
    const http::Response missing = send_one(f, "POST", "/v1/functions/echo/invoke?version=7");
    CHECK(missing.status == 404);
    CHECK(error_code(missing) == "version_not_found");
    // Its record says so.
    const nlohmann::json record =
        json_of(f.get("/v1/invocations/" + header(missing, "X-Ember-Invocation-Id")));
    CHECK(record.at("error").at("code") == "version_not_found");
    const http::Response unknown = send_one(f, "POST", "/v1/functions/nope/invoke?version=1");
    CHECK(unknown.status == 404);
    CHECK(error_code(unknown) == "function_not_found");
}

TEST_CASE("the version routes need the admin token", "[versions]") {
    DaemonConfig config;
    config.auth.admin_tokens = {"admin-secret"};
    config.auth.invoke_tokens = {"invoke-secret"};
    Fixture f(config);
    deploy_two_versions(f);
    const http::Fields invoker = {{"authorization", "Bearer invoke-secret"}};
    CHECK(send_one(f, "GET", "/v1/functions/echo/versions", "", invoker).status == 403);
    CHECK(send_one(f, "PUT", "/v1/functions/echo/active", R"({"version": 1})", invoker).status ==
          403);
    const http::Fields admin = {{"authorization", "Bearer admin-secret"}};
    CHECK(send_one(f, "GET", "/v1/functions/echo/versions", "", admin).status == 200);
    // A pinned call is a call: the invoke token may make it.
    CHECK(send_one(f, "POST", "/v1/functions/echo/invoke?version=1", "x", invoker).status == 200);
}

TEST_CASE(
    "a call pinned to the active version that an activation switches away from boots it again",
    "[versions]") {
    Fixture f;
    FunctionConfig one_sandbox;
    one_sandbox.pool_min = 1;
    one_sandbox.pool_max = 1;
    one_sandbox.timeout_ms = 60000;
    f.registry.deploy("echo", binary("v1"), one_sandbox);
    f.registry.deploy("echo", binary("v2"), one_sandbox);

    // The active version's one sandbox is busy; a call pinned to it waits.
    f.versions.call_gate->close();
    Replies held, pinned;
    f.send("POST", "/v1/functions/echo/invoke", held, "first");
    REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 1; },
                                    std::chrono::seconds(20)));
    f.send("POST", "/v1/functions/echo/invoke?version=2", pinned, "second");
    REQUIRE(
        ember::test::eventually([&] { return f.registry.find("echo")->pool->stats().queued == 1; },
                                std::chrono::seconds(20)));

    // Rolling back shuts version 2's pool down under the waiting call.
    Replies activated;
    f.send("PUT", "/v1/functions/echo/active", activated, R"({"version": 1})",
           {{"Content-Type", "application/json"}});
    REQUIRE(activated.wait_for(1).at(0).status == 200);
    // The pinned call boots version 2 again, in a pool of its own, and
    // waits there for its function's share of the executor threads.
    REQUIRE(ember::test::eventually([&] { return f.registry.find("echo", 2) != nullptr; },
                                    std::chrono::seconds(20)));
    f.versions.call_gate->open();
    CHECK(held.wait_for(1).at(0).status == 200);
    const http::Response reply = pinned.wait_for(1).at(0);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    CHECK(reply.body == "second");
    CHECK(version_that_ran(f, reply) == 2);
}
