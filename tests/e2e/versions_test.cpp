// End-to-end: a function's stored versions over HTTP against a real emberd:
// the listing, calls pinned to a version, rollback and forward, across a
// restart, and a rollback while calls run.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Clock = std::chrono::steady_clock;

Response activate(HttpClient& client, std::string_view name, unsigned version) {
    return client.request("PUT", "/v1/functions/" + std::string(name) + "/active",
                          nlohmann::json{{"version", version}}.dump(),
                          {{"Content-Type", "application/json"}});
}

nlohmann::json versions(HttpClient& client, std::string_view name) {
    const Response response =
        client.request("GET", "/v1/functions/" + std::string(name) + "/versions");
    INFO(response.summary());
    REQUIRE(response.status == 200);
    return response.json();
}

TEST_CASE("a function's versions: listed, called by number, rolled back and forward, restarted",
          "[kvm][e2e]") {
    Daemon daemon;
    {
        HttpClient client = daemon.client();
        // Version 1 echoes, version 2 greets: which one answers is plain.
        deploy_ok(client, "greet", "echo", "memory_mb=8");
        deploy_ok(client, "greet", "hello");

        const nlohmann::json listed = versions(client, "greet");
        CHECK(listed.at("name") == "greet");
        CHECK(listed.at("active") == 2);
        const nlohmann::json& list = listed.at("versions");
        REQUIRE(list.size() == 2);
        CHECK(list[0].at("version") == 2);
        CHECK(list[0].at("active") == true);
        CHECK(list[0].at("sha256") == sha256_hex(guest_binary("hello")));
        CHECK(list[1].at("version") == 1);
        CHECK(list[1].at("active") == false);
        CHECK(list[1].at("sha256") == sha256_hex(guest_binary("echo")));
        CHECK(list[1].at("size_bytes") == guest_binary("echo").size());
        CHECK(list[1].at("config").at("memory_mb") == 8);

        CHECK(invoke(client, "greet", "Ada").body == "Hello, Ada!");
        const Response pinned = invoke(client, "greet", "Ada", "version=1");
        INFO(pinned.summary());
        CHECK(pinned.status == 200);
        CHECK(pinned.body == "Ada");
        CHECK(pinned.header("x-ember-version") == "1");
        CHECK(invoke(client, "greet", "Ada").body == "Hello, Ada!");  // still version 2

        const Response rolled_back = activate(client, "greet", 1);
        INFO(rolled_back.summary());
        REQUIRE(rolled_back.status == 200);
        CHECK(rolled_back.json().at("version") == 1);
        CHECK(rolled_back.json().at("config").at("memory_mb") == 8);
        const Response served = invoke(client, "greet", "Ada");
        CHECK(served.body == "Ada");
        CHECK(served.header("x-ember-version") == "1");
        CHECK(versions(client, "greet").at("active") == 1);
    }
    // The rollback is durable.
    CHECK(daemon.stop() == 0);
    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(invoke(client, "greet", "Ada").body == "Ada");
    CHECK(versions(client, "greet").at("active") == 1);
    CHECK(invoke(client, "greet", "Ada", "version=2").body == "Hello, Ada!");

    // Forward again; then a new deploy is the one served.
    REQUIRE(activate(client, "greet", 2).status == 200);
    CHECK(invoke(client, "greet", "Ada").body == "Hello, Ada!");
    deploy_ok(client, "greet", "echo");
    CHECK(invoke(client, "greet", "Ada").header("x-ember-version") == "3");
}

TEST_CASE("versions that do not exist are 404 version_not_found, bad numbers 400",
          "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    check_error(activate(client, "echo", 5), 404, "version_not_found");
    check_error(invoke(client, "echo", "x", "version=5"), 404, "version_not_found");
    check_error(invoke(client, "echo", "x", "version=one"), 400, "invalid_request");
    check_error(client.request("PUT", "/v1/functions/echo/active", "{\"version\": \"1\"}"), 400,
                "invalid_request");
    check_error(activate(client, "nope", 1), 404, "function_not_found");
    check_error(client.request("GET", "/v1/functions/nope/versions"), 404, "function_not_found");
    CHECK(invoke(client, "echo", "still").body == "still");
}

TEST_CASE("rolling back and forward while calls run fails none", "[kvm][e2e]") {
    Daemon daemon({.log_level = "info"});
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");
    deploy_ok(admin, "echo", "echo");

    constexpr int threads = 3;
    constexpr int switches = 4;
    std::atomic<bool> switching_done{false};
    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<std::string> failures;  // client threads record, the test thread checks
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([&, t] {
            HttpClient client = daemon.client();
            const auto give_up = Clock::now() + std::chrono::seconds(90);
            for (int i = 0; !switching_done.load() && Clock::now() < give_up; ++i) {
                const std::string input = "t" + std::to_string(t) + "-" + std::to_string(i);
                std::string failure;
                try {
                    const Response response = invoke(client, "echo", input);
                    if (response.status != 200 || response.body != input)
                        failure = "'" + input + "': " + response.summary();
                } catch (const std::exception& e) {
                    failure = "'" + input + "': " + e.what();
                }
                ++calls;
                if (!failure.empty()) {
                    std::lock_guard lock(mutex);
                    failures.push_back(failure);
                }
            }
        });
    }
    for (int i = 0; i < switches; ++i) {
        const int before = calls.load();
        const auto limit = Clock::now() + std::chrono::seconds(10);
        while (calls.load() < before + threads * 2 && Clock::now() < limit)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const Response switched = activate(admin, "echo", i % 2 == 0 ? 1 : 2);
        INFO("switch " << i << ": " << switched.summary());
        CHECK(switched.status == 200);
    }
    switching_done = true;
    for (std::thread& client : clients)
        client.join();
    INFO(calls.load() << " calls");
    for (const std::string& failure : failures)
        UNSCOPED_INFO(failure);
    CHECK(failures.empty());
    CHECK(versions(admin, "echo").at("active") == 2);
}

}  // namespace
}  // namespace ember::e2e
