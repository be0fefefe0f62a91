// End-to-end: the key-value host functions against a real emberd and its
// real store: counts that survive calls, redeploys, restarts and kill -9,
// namespaces of their own or shared, writes that outlive a failed call, and
// the error codes a guest sees.
#include <catch2/catch.hpp>

#include <string>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/kv/redis_server.hpp"

namespace ember::e2e {
namespace {

constexpr std::string_view kv_functions = "host_functions=kv_get,kv_set,kv_delete,kv_list";

std::string body_of(HttpClient& client, std::string_view name, std::string_view input,
                    std::string_view query = {}) {
    const Response response = invoke(client, name, input, query);
    INFO(response.summary());
    CHECK(response.status == 200);
    return response.body;
}

TEST_CASE("visits counts survive every call, a redeploy, a restart and kill -9", "[kvm][e2e][kv]") {
    Daemon daemon;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "visits", "visits", kv_functions);
        CHECK(body_of(client, "visits", "ada") == "ada: 1");
        CHECK(body_of(client, "visits", "ada") == "ada: 2");
        CHECK(body_of(client, "visits", "bob") == "bob: 1");
        CHECK(body_of(client, "visits", "") == "anonymous: 1");
        deploy_ok(client, "visits", "visits", kv_functions);
        CHECK(body_of(client, "visits", "ada") == "ada: 3");
    }
    CHECK(daemon.stop() == 0);
    daemon.restart();
    {
        HttpClient client = daemon.client();
        CHECK(body_of(client, "visits", "ada") == "ada: 4");
    }
    // Acknowledged is durable: the reply came after kv_set returned.
    daemon.kill9();
    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(body_of(client, "visits", "ada") == "ada: 5");
    CHECK(body_of(client, "visits", "bob") == "bob: 2");
}

TEST_CASE("each function has its own namespace, and kv_store shares one", "[kvm][e2e][kv]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "alpha", "visits", kv_functions);
    deploy_ok(client, "beta", "visits", kv_functions);
    deploy_ok(client, "left", "visits", std::string(kv_functions) + "&kv_store=sessions");
    deploy_ok(client, "right", "visits", std::string(kv_functions) + "&kv_store=sessions");
    // A function named like the shared store is still apart from it.
    deploy_ok(client, "sessions", "visits", kv_functions);

    CHECK(body_of(client, "alpha", "ada") == "ada: 1");
    CHECK(body_of(client, "beta", "ada") == "ada: 1");
    CHECK(body_of(client, "left", "ada") == "ada: 1");
    CHECK(body_of(client, "right", "ada") == "ada: 2");
    CHECK(body_of(client, "left", "ada") == "ada: 3");
    CHECK(body_of(client, "sessions", "ada") == "ada: 1");

    const Response described = client.request("GET", "/v1/functions/left");
    REQUIRE(described.status == 200);
    CHECK(described.json().at("config").at("kv_store") == "sessions");
    check_error(deploy(client, "bad", "visits", std::string(kv_functions) + "&kv_store=No%20Such"),
                400, "invalid_config");
}

TEST_CASE("a guest without kv in its allow-list cannot reach the store", "[kvm][e2e][kv]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "visits", "visits");
    const Response denied = invoke(client, "visits", "ada");
    check_error(denied, 500, "guest_fault");
    CHECK_THAT(denied.json().at("error").at("message").get<std::string>(),
               Catch::Contains("'kv_get', which this function may not use"));
}

TEST_CASE("kv writes outlive a failed call, and every refusal has its code", "[kvm][e2e][kv]") {
    DaemonOptions options;
    options.config = {{"kv", {{"max_value_bytes", 1024}}}};
    Daemon daemon(options);
    HttpClient client = daemon.client();
    deploy_ok(client, "kv", "t_kv", kv_functions);

    check_error(invoke(client, "kv", "crashed", "handler=set_then_abort"), 500, "guest_abort");
    CHECK(body_of(client, "kv", "crashed") == "written");

    CHECK(body_of(client, "kv", "user:b=2", "handler=set") == "0");
    CHECK(body_of(client, "kv", "user:a=1", "handler=set") == "0");
    CHECK(body_of(client, "kv", "user:c=3", "handler=set") == "0");
    CHECK(body_of(client, "kv", "other=x", "handler=set") == "0");
    CHECK(body_of(client, "kv", "user:", "handler=list") == "user:a\nuser:b\nuser:c\n");
    CHECK(body_of(client, "kv", "user:b", "handler=delete") == "0");
    CHECK(body_of(client, "kv", "user:b", "handler=delete") == "-4");
    CHECK(body_of(client, "kv", "user:b") == "error -4");
    CHECK(body_of(client, "kv", "user:", "handler=list") == "user:a\nuser:c\n");

    CHECK(body_of(client, "kv", "", "handler=refusals") ==
          "empty_key=-5 key_too_long=-5 value_too_big=-6 hidden_key=-3 wrapping_value=-3 "
          "missing=-4");
    // The sandbox serves on after all of it.
    CHECK(body_of(client, "kv", "alive", "handler=ok") == "alive");
}

TEST_CASE("two emberd nodes with the redis backend share one function's counts",
          "[kvm][e2e][kv][redis]") {
    kv::test::RedisServer redis;
    DaemonOptions options;
    options.config = {
        {"kv", {{"backend", "redis"}, {"redis", {{"host", "127.0.0.1"}, {"port", redis.port()}}}}}};
    Daemon first(options);
    Daemon second(options);
    HttpClient a = first.client();
    HttpClient b = second.client();
    deploy_ok(a, "visits", "visits", kv_functions);
    deploy_ok(b, "visits", "visits", kv_functions);
    CHECK(body_of(a, "visits", "ada") == "ada: 1");
    CHECK(body_of(b, "visits", "ada") == "ada: 2");
    CHECK(body_of(a, "visits", "ada") == "ada: 3");

    // Redis down: a guest hears EUNAVAILABLE (visits answers 503) at once,
    // and the node serves on; back up, the count goes on where it was.
    redis.kill9();
    const Response down = invoke(a, "visits", "ada");
    CHECK(down.status == 503);
    CHECK_THAT(down.body, Catch::Contains("host error -8"));
    redis.restart();
    CHECK(body_of(b, "visits", "ada") == "ada: 4");
}

}  // namespace
}  // namespace ember::e2e
