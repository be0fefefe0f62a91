// End-to-end: the limits on what a deployer can take (docs/SECURITY.md) —
// max_guest_memory_mb, function_limits and max_versions_kept — each hit
// over HTTP against a real emberd, which answers with the documented error
// and keeps serving everything else.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <thread>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Catch::Matchers::Contains;

std::string message_of(const Response& response) {
    return response.json().at("error").at("message").get<std::string>();
}

// Polls GET /v1/functions/NAME (every 10 ms, at most 20 s: a bound for a
// loaded machine, not a timing) until its pool holds no sandbox.
bool wait_until_empty(HttpClient& client, std::string_view name) {
    const std::string target = "/v1/functions/" + std::string(name);
    for (int i = 0; i < 2000; ++i) {
        const Response d = client.request("GET", target);
        if (d.status == 200 && d.json().at("pool").at("ready") == 0 &&
            d.json().at("pool").at("busy") == 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::set<unsigned> versions_on_disk(const Daemon& daemon, std::string_view name) {
    std::set<unsigned> versions;
    for (const auto& entry :
         std::filesystem::directory_iterator(daemon.data_dir() / "functions" / std::string(name))) {
        const std::string file = entry.path().filename().string();
        if (is_decimal(file)) versions.insert(static_cast<unsigned>(std::stoul(file)));
    }
    return versions;
}

// Changes one key of the daemon's config file, for its next start.
void set_config(const Daemon& daemon, const std::string& key, const nlohmann::json& value) {
    nlohmann::json config = nlohmann::json::parse(std::ifstream(daemon.config_path()));
    config[key] = value;
    std::ofstream(daemon.config_path()) << config.dump(2) << "\n";
}

}  // namespace

TEST_CASE("past max_guest_memory_mb a deploy is 507 and a call that needs a new sandbox 503",
          "[kvm][e2e]") {
    DaemonOptions options;
    // Room for two sandboxes of 16 MiB; a sandbox above pool_min goes
    // 100 ms after its call.
    options.config = {{"max_guest_memory_mb", 32}, {"pool_idle_ms", 100}};
    Daemon daemon(options);
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");  // pool_min 1: 16 MiB from now on
    deploy_ok(admin, "spin", "t_infinite_loop", "pool_min=0&pool_max=1&timeout_ms=6000");
    deploy_ok(admin, "hello", "hello", "pool_min=0");

    // spin's call holds the other 16 MiB until its timeout.
    BackgroundCall slow(daemon, "spin");
    REQUIRE(wait_until_busy(admin, "spin"));
    const Response refused = invoke(admin, "hello", "Ada");
    INFO(refused.summary());
    check_error(refused, 503, "memory_exhausted");
    CHECK_THAT(message_of(refused), Contains("max_guest_memory_mb"));
    CHECK(is_decimal(refused.header("retry-after")));
    const Response too_big = deploy(admin, "fib", "fib");  // its pool_min needs 16 MiB
    INFO(too_big.summary());
    check_error(too_big, 507, "limit_reached");
    CHECK_THAT(message_of(too_big), Contains("max_guest_memory_mb"));
    check_error(admin.request("GET", "/v1/functions/fib"), 404, "function_not_found");
    // The warm sandbox of echo was never at stake.
    CHECK(invoke(admin, "echo", "still").body == "still");

    check_error(slow.finish(), 504, "timeout");
    // spin's sandbox idles out, and its memory serves the others again.
    REQUIRE(wait_until_empty(admin, "spin"));
    CHECK(invoke(admin, "hello", "Ada").body == "Hello, Ada!");
    REQUIRE(wait_until_empty(admin, "hello"));
    deploy_ok(admin, "fib", "fib");
    CHECK(invoke(admin, "fib", "10").body == "55");
    CHECK(invoke(admin, "echo", "done").body == "done");
    CHECK(daemon.request("GET", "/healthz").status == 200);
}

TEST_CASE("over HTTP, a deploy over function_limits is 400 invalid_config naming the key",
          "[kvm][e2e]") {
    DaemonOptions options;
    options.config = {{"function_limits", {{"memory_mb", 32}, {"pool_max", 4}}}};
    Daemon daemon(options);
    HttpClient admin = daemon.client();
    deploy_ok(admin, "echo", "echo");

    const Response memory = deploy(admin, "echo", "echo", "memory_mb=64");
    check_error(memory, 400, "invalid_config");
    CHECK(message_of(memory) ==
          "memory_mb: 64 is over this daemon's limit of 32 (function_limits.memory_mb)");
    const Response pool = deploy(admin, "echo", "echo", "pool_max=5");
    check_error(pool, 400, "invalid_config");
    CHECK_THAT(message_of(pool), Contains("function_limits.pool_max"));
    check_error(deploy(admin, "big", "echo", "memory_mb=256"), 400, "invalid_config");
    check_error(admin.request("GET", "/v1/functions/big"), 404, "function_not_found");

    // Nothing of those was deployed; within the limits, deploys go through.
    CHECK(admin.request("GET", "/v1/functions/echo").json().at("version") == 1);
    CHECK(invoke(admin, "echo", "still").body == "still");
    CHECK(deploy_ok(admin, "echo", "echo", "memory_mb=32&pool_max=4").json().at("version") == 2);
    CHECK(invoke(admin, "echo", "again").header("x-ember-version") == "2");
}

TEST_CASE("max_versions_kept versions stay on disk, the served one always, across restarts",
          "[kvm][e2e]") {
    DaemonOptions options;
    options.config = {{"max_versions_kept", 2}};
    Daemon daemon(options);
    {
        HttpClient client = daemon.client();
        for (unsigned version = 1; version <= 4; ++version)
            CHECK(deploy_ok(client, "echo", "echo").json().at("version") == version);
        deploy_ok(client, "hello", "hello");
        CHECK(versions_on_disk(daemon, "echo") == std::set<unsigned>{3, 4});
        CHECK(versions_on_disk(daemon, "hello") == std::set<unsigned>{1});
    }
    daemon.kill9();
    daemon.restart();
    {
        HttpClient client = daemon.client();
        CHECK(invoke(client, "echo", "back").header("x-ember-version") == "4");
        CHECK(versions_on_disk(daemon, "echo") == std::set<unsigned>{3, 4});
    }
    // The operator lowers the cap: the next start prunes to it, and the
    // version served stays.
    CHECK(daemon.stop() == 0);
    set_config(daemon, "max_versions_kept", 1);
    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(versions_on_disk(daemon, "echo") == std::set<unsigned>{4});
    const Response served = invoke(client, "echo", "four");
    CHECK(served.body == "four");
    CHECK(served.header("x-ember-version") == "4");
    CHECK(deploy_ok(client, "echo", "echo").json().at("version") == 5);
    CHECK(versions_on_disk(daemon, "echo") == std::set<unsigned>{5});
    CHECK(invoke(client, "hello", "Ada").body == "Hello, Ada!");
}

}  // namespace ember::e2e
