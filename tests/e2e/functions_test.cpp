// End-to-end: the function-management API of docs/api.md (deploy, list, describe,
// delete) and its errors, against a real emberd.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <thread>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

std::set<std::string> names_of(const nlohmann::json& list) {
    std::set<std::string> names;
    for (const auto& function : list.at("functions"))
        names.insert(function.at("name").get<std::string>());
    return names;
}

nlohmann::json list_functions(HttpClient& client) {
    const Response response = client.request("GET", "/v1/functions");
    INFO(response.summary());
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type").starts_with("application/json"));
    const nlohmann::json body = response.json();
    REQUIRE(body.is_object());
    REQUIRE(body.contains("functions"));
    REQUIRE(body["functions"].is_array());
    return body;
}

bool is_count(const nlohmann::json& value) {
    return value.is_number_integer() && value.get<long long>() >= 0;
}

// The description of docs/api.md, for a function deployed from `guest` with the
// e2e daemon's default config (base_config()).
void check_description(const nlohmann::json& d, std::string_view name, std::string_view guest,
                       unsigned version) {
    INFO("description: " << d.dump());
    REQUIRE(d.is_object());
    const std::string binary = guest_binary(guest);
    CHECK(d.at("name") == name);
    CHECK(d.at("version") == version);
    CHECK(d.at("sha256") == sha256_hex(binary));
    CHECK(d.at("size_bytes") == binary.size());
    // RFC 3339 UTC as in the example ("2026-11-29T10:00:00Z"); fractions allowed.
    static const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
    CHECK(std::regex_match(d.at("created_at").get<std::string>(), rfc3339));
    REQUIRE(d.at("handlers").is_array());

    const nlohmann::json& config = d.at("config");
    CHECK(config.at("memory_mb") == 16);
    CHECK(config.at("timeout_ms") == 1000);
    CHECK(config.at("pool_min") == 1);
    CHECK(config.at("pool_max") == 4);
    CHECK(config.at("max_queue") == 8);
    // Built-in default of config/README.md; the order is not part of the contract.
    CHECK(config.at("host_functions").get<std::set<std::string>>() ==
          std::set<std::string>{"log", "clock", "random"});

    const nlohmann::json& pool = d.at("pool");
    CHECK(is_count(pool.at("ready")));
    CHECK(is_count(pool.at("busy")));
    CHECK(is_count(pool.at("queued")));
    const nlohmann::json& stats = d.at("stats");
    CHECK(is_count(stats.at("invocations")));
    CHECK(is_count(stats.at("errors")));
    CHECK(is_count(stats.at("cold_starts")));
}

TEST_CASE("deploy answers 201 with the function's description", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const Response response = deploy(client, "echo", "echo");
    INFO(response.summary());
    REQUIRE(response.status == 201);
    CHECK(response.header("content-type").starts_with("application/json"));
    const nlohmann::json d = response.json();
    check_description(d, "echo", "echo", 1);
    CHECK(d.at("handlers") == nlohmann::json::array({"echo"}));
    CHECK(d.at("stats").at("invocations") == 0);
    // The deployed version serves at once.
    const Response call = invoke(client, "echo", "ping");
    CHECK(call.status == 200);
    CHECK(call.body == "ping");
}

TEST_CASE("list and describe show the deployed functions", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    CHECK(list_functions(client)["functions"].empty());

    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "hello", "hello");

    const nlohmann::json list = list_functions(client);
    CHECK(names_of(list) == std::set<std::string>{"echo", "hello"});
    for (const auto& d : list["functions"]) {
        check_description(d, d.at("name").get<std::string>(), d.at("name").get<std::string>(), 1);
    }

    const Response echo = client.request("GET", "/v1/functions/echo");
    INFO(echo.summary());
    REQUIRE(echo.status == 200);
    CHECK(echo.header("content-type").starts_with("application/json"));
    check_description(echo.json(), "echo", "echo", 1);
    CHECK(echo.json().at("handlers") == nlohmann::json::array({"echo"}));

    const Response hello = client.request("GET", "/v1/functions/hello");
    REQUIRE(hello.status == 200);
    check_description(hello.json(), "hello", "hello", 1);
    CHECK(hello.json().at("handlers") == nlohmann::json::array({"hello"}));

    // Stats follow the calls (they are counted before the reply goes out;
    // the description is read after it arrived).
    for (int i = 0; i < 3; ++i)
        REQUIRE(invoke(client, "echo", "x").status == 200);
    const nlohmann::json after = client.request("GET", "/v1/functions/echo").json();
    CHECK(after.at("stats").at("invocations") == 3);
    CHECK(after.at("stats").at("errors") == 0);

    check_error(client.request("GET", "/v1/functions/nope"), 404, "function_not_found");
}

TEST_CASE("deploying again makes a new version", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    const Response second = deploy_ok(client, "echo", "echo");
    check_description(second.json(), "echo", "echo", 2);

    const Response described = client.request("GET", "/v1/functions/echo");
    REQUIRE(described.status == 200);
    CHECK(described.json().at("version") == 2);
    const Response call = invoke(client, "echo", "v2?");
    CHECK(call.status == 200);
    CHECK(call.body == "v2?");
    CHECK(call.header("x-ember-version") == "2");

    // A different binary under the same name: version 3, its own hash and handlers.
    const Response third = deploy_ok(client, "echo", "hello");
    const nlohmann::json d = third.json();
    CHECK(d.at("version") == 3);
    CHECK(d.at("sha256") == sha256_hex(guest_binary("hello")));
    CHECK(d.at("handlers") == nlohmann::json::array({"hello"}));
    const Response greeting = invoke(client, "echo", "Bob");
    CHECK(greeting.body == "Hello, Bob!");
    CHECK(greeting.header("x-ember-version") == "3");
    CHECK(list_functions(client)["functions"].size() == 1);
}

TEST_CASE("deploy query parameters set the function's config", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const Response response = deploy_ok(
        client, "echo", "echo",
        "memory_mb=8&timeout_ms=500&pool_min=0&pool_max=2&max_queue=3&host_functions=log,clock");
    const nlohmann::json config = response.json().at("config");
    INFO(config.dump());
    CHECK(config.at("memory_mb") == 8);
    CHECK(config.at("timeout_ms") == 500);
    CHECK(config.at("pool_min") == 0);
    CHECK(config.at("pool_max") == 2);
    CHECK(config.at("max_queue") == 3);
    CHECK(config.at("host_functions").get<std::set<std::string>>() ==
          std::set<std::string>{"log", "clock"});
    // describe says the same, and the function works with pool_min 0.
    CHECK(client.request("GET", "/v1/functions/echo").json().at("config") == config);
    CHECK(invoke(client, "echo", "cold").body == "cold");

    // An empty host_functions allows none (config/README.md); parameters not
    // given keep the daemon's defaults, not the previous version's values.
    const Response second = deploy_ok(client, "echo", "echo", "host_functions=");
    const nlohmann::json config2 = second.json().at("config");
    INFO(config2.dump());
    CHECK(config2.at("host_functions").empty());
    CHECK(config2.at("memory_mb") == 16);
    CHECK(config2.at("timeout_ms") == 1000);

    // pool_max below the default pool_min: the inherited pool_min follows it.
    const Response third = deploy_ok(client, "small", "echo", "pool_max=1");
    CHECK(third.json().at("config").at("pool_max") == 1);
    CHECK(third.json().at("config").at("pool_min") == 1);
}

TEST_CASE("deploy pre-warms pool_min sandboxes", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo", "pool_min=2&pool_max=3");
    // The refill runs off the request path: allow it a bounded moment.
    long long ready = 0;
    for (int i = 0; i < 250 && ready < 2; ++i) {
        const Response d = client.request("GET", "/v1/functions/echo");
        REQUIRE(d.status == 200);
        ready = d.json().at("pool").at("ready").get<long long>();
        if (ready < 2) std::this_thread::sleep_for(20ms);
    }
    CHECK(ready == 2);
}

TEST_CASE("bad deploy query values are 400 invalid_config", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const char* bad[] = {
        "memory_mb=abc",          "memory_mb=1",
        "memory_mb=100000",       "memory_mb=",
        "memory_mb=-4",           "timeout_ms=0",
        "timeout_ms=99999999999", "pool_max=0",
        "pool_min=3&pool_max=2",  "pool_min=5000",
        "max_queue=-1",           "max_queue=1e3",
        "host_functions=nosuch",  "host_functions=log,log",
        "frobnicate=1",
    };
    for (const char* query : bad) {
        INFO("query " << query);
        check_error(deploy(client, "echo", "echo", query), 400, "invalid_config");
    }
    // None of them was stored.
    check_error(client.request("GET", "/v1/functions/echo"), 404, "function_not_found");
    CHECK(list_functions(client)["functions"].empty());
}

TEST_CASE("bad function names are 400 invalid_name", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const std::string bad[] = {"Bad_Name",           "-x",    "_x",    "a.b", "UPPER",
                               std::string(64, 'a'), "a%20b", "%2e%2e"};
    for (const std::string& name : bad) {
        INFO("name " << name);
        check_error(deploy(client, name, "echo"), 400, "invalid_name");
    }
    CHECK(list_functions(client)["functions"].empty());
    // The longest valid name, and the other characters the pattern allows.
    deploy_ok(client, std::string(63, 'a'), "echo");
    deploy_ok(client, "0-a_b", "echo");
    CHECK(invoke(client, std::string(63, 'a'), "long").body == "long");
    // Other methods on an invalid name: there is no such function (assumption:
    // 404 function_not_found rather than 400, as the name cannot exist).
    check_error(client.request("GET", "/v1/functions/Bad_Name"), 404, "function_not_found");
}

TEST_CASE("a body that is not an ELF is 400 invalid_binary", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const Headers octets = {{"Content-Type", "application/octet-stream"}};
    check_error(client.request("PUT", "/v1/functions/text", "#!/bin/sh\necho hello\n", octets), 400,
                "invalid_binary");
    // Assumption: an empty upload is an invalid binary too (not a 411/400 of HTTP).
    check_error(client.request("PUT", "/v1/functions/empty", "", octets), 400, "invalid_binary");
    check_error(client.request("PUT", "/v1/functions/magic",
                               "\x7f"
                               "ELF",
                               octets),
                400, "invalid_binary");
    CHECK(list_functions(client)["functions"].empty());
}

TEST_CASE("an init that faults or never finishes is 422 init_failed", "[kvm][e2e]") {
    DaemonOptions options;
    options.config = {{"max_init_ms", 500}};
    Daemon daemon(options);
    HttpClient client = daemon.client();
    check_error(deploy(client, "fault", "t_init_fault"), 422, "init_failed");
    // The daemon's max_init_ms bounds it, not the function's own timeout:
    // 60 s would outlast the client's 10 s wait for the reply.
    check_error(deploy(client, "spin", "t_never_ready", "timeout_ms=60000"), 422, "init_failed");
    check_error(client.request("GET", "/v1/functions/fault"), 404, "function_not_found");
    check_error(client.request("GET", "/v1/functions/spin"), 404, "function_not_found");
    check_error(invoke(client, "fault"), 404, "function_not_found");
    CHECK(list_functions(client)["functions"].empty());

    // A failed update leaves the previous version serving.
    deploy_ok(client, "f", "echo");
    check_error(deploy(client, "f", "t_init_fault"), 422, "init_failed");
    const Response described = client.request("GET", "/v1/functions/f");
    REQUIRE(described.status == 200);
    CHECK(described.json().at("version") == 1);
    CHECK(described.json().at("sha256") == sha256_hex(guest_binary("echo")));
    const Response call = invoke(client, "f", "still here");
    CHECK(call.status == 200);
    CHECK(call.body == "still here");
    CHECK(call.header("x-ember-version") == "1");
}

TEST_CASE("an upload over max_body_bytes is 413 payload_too_large", "[kvm][e2e]") {
    Daemon daemon({.config = {{"max_body_bytes", 256 * 1024}}});
    HttpClient client = daemon.client();
    std::string big = guest_binary("echo");
    big.resize(1024 * 1024, '\0');
    check_error(client.request("PUT", "/v1/functions/big", big,
                               {{"Content-Type", "application/octet-stream"}}),
                413, "payload_too_large");
    HttpClient other = daemon.client();
    check_error(other.request("GET", "/v1/functions/big"), 404, "function_not_found");
    // A binary under the limit still deploys.
    deploy_ok(other, "echo", "echo");
    CHECK(daemon.request("GET", "/healthz").status == 200);
}

TEST_CASE("a chunked upload deploys like a sized one", "[kvm][e2e]") {
    // Assumption: Transfer-Encoding: chunked (what curl -T - sends) is accepted.
    Daemon daemon;
    const std::string binary = guest_binary("echo");
    std::string request =
        "PUT /v1/functions/chunky HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/octet-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    for (std::size_t at = 0; at < binary.size(); at += 4096) {
        const std::string piece = binary.substr(at, 4096);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        request += size + piece + "\r\n";
    }
    request += "0\r\n\r\n";
    HttpClient client = daemon.client();
    REQUIRE(client.send_raw(request));
    const auto response = client.read_response();
    REQUIRE(response);
    INFO(response->summary());
    CHECK(response->status == 201);
    CHECK(response->json().at("sha256") == sha256_hex(binary));
}

TEST_CASE("delete removes a function and its files", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "hello", "hello");
    REQUIRE(std::filesystem::exists(daemon.data_dir() / "functions" / "echo"));

    const Response removed = client.request("DELETE", "/v1/functions/echo");
    INFO(removed.summary());
    CHECK(removed.status == 204);
    CHECK(removed.body.empty());

    check_error(client.request("GET", "/v1/functions/echo"), 404, "function_not_found");
    check_error(invoke(client, "echo", "gone?"), 404, "function_not_found");
    check_error(client.request("DELETE", "/v1/functions/echo"), 404, "function_not_found");
    check_error(client.request("DELETE", "/v1/functions/never-was"), 404, "function_not_found");
    CHECK(names_of(list_functions(client)) == std::set<std::string>{"hello"});
    CHECK(invoke(client, "hello", "Eve").body == "Hello, Eve!");

    // "the files are removed": allow the daemon a moment to finish.
    const auto echo_dir = daemon.data_dir() / "functions" / "echo";
    for (int i = 0; i < 250 && std::filesystem::exists(echo_dir); ++i) {
        std::this_thread::sleep_for(20ms);
    }
    CHECK_FALSE(std::filesystem::exists(echo_dir));

    // The name can be used again.
    deploy_ok(client, "echo", "echo");
    CHECK(invoke(client, "echo", "back").body == "back");
}

TEST_CASE("unknown routes are 404 and wrong methods 405", "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");

    // docs/api.md gives function_not_found as the 404 example; for a route that
    // does not exist any stable code will do, so only the shape is checked.
    for (const char* target : {"/", "/nope", "/v1", "/v2/functions", "/v1/functions/echo/extra",
                               "/v1/functions/echo/invoke/more", "/v1/functions/"}) {
        INFO("GET " << target);
        const Response response = client.request("GET", target);
        CHECK(response.status == 404);
        CHECK(response.json().at("error").at("code").is_string());
        CHECK(response.json().at("error").at("message").is_string());
    }

    struct Case {
        const char* method;
        const char* target;
    };
    for (const Case& c :
         {Case{"PATCH", "/v1/functions/echo"}, Case{"POST", "/v1/functions/echo"},
          Case{"GET", "/v1/functions/echo/invoke"}, Case{"PUT", "/v1/functions/echo/invoke"},
          Case{"DELETE", "/v1/functions/echo/invoke"}, Case{"POST", "/v1/functions"},
          Case{"DELETE", "/v1/functions"}, Case{"POST", "/healthz"}, Case{"PUT", "/metrics"}}) {
        INFO(c.method << " " << c.target);
        const Response response = client.request(c.method, c.target);
        check_error(response, 405, "method_not_allowed");
        // RFC 9110: a 405 lists the allowed methods.
        CHECK_FALSE(response.header("allow").empty());
    }
    // None of that changed the function.
    CHECK(client.request("GET", "/v1/functions/echo").json().at("version") == 1);
}

TEST_CASE("a deploy past max_functions is 507 limit_reached and the rest keep serving",
          "[kvm][e2e]") {
    DaemonOptions options;
    options.config = {{"max_functions", 2}};
    Daemon daemon(options);
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "hello", "hello");
    check_error(deploy(client, "fib", "fib"), 507, "limit_reached");
    check_error(client.request("GET", "/v1/functions/fib"), 404, "function_not_found");
    CHECK(invoke(client, "echo", "still").body == "still");
    CHECK(deploy_ok(client, "echo", "echo").json().at("version") == 2);
    REQUIRE(client.request("DELETE", "/v1/functions/hello").status == 204);
    deploy_ok(client, "fib", "fib");
    CHECK(invoke(client, "fib", "10").body == "55");
}

}  // namespace
}  // namespace ember::e2e
