// End-to-end: outbound HTTP from a guest against a real emberd and a server
// on 127.0.0.1: the proxy example through an allowed host, a slow upstream
// cut off by the call's deadline (the executor free at once), and each
// refusal: a host not listed, a redirect away, a response too large.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/loopback_http_server.hpp"

namespace ember::e2e {
namespace {

void set_upstream(HttpClient& client, std::string_view name, const std::string& url) {
    const Response set = client.request("PUT", "/v1/functions/" + std::string(name) + "/env",
                                        nlohmann::json{{"values", {{"UPSTREAM_URL", url}}}}.dump(),
                                        {{"Content-Type", "application/json"}});
    INFO(set.summary());
    REQUIRE(set.status == 201);
}

TEST_CASE("a guest fetches from allowed hosts only, within its deadline and the size limit",
          "[kvm][e2e][http_fetch]") {
    test::LoopbackHttpServer upstream;
    upstream.route("/greet", test::reply(200, "hello from upstream"));
    upstream.route("/missing", test::reply(404, "no such thing"));
    upstream.route("/slow", test::drip(std::string(1000, 'x'), std::chrono::milliseconds(50)));
    upstream.route("/away", test::redirect(302, "http://10.0.0.1/"));
    upstream.route("/big", test::huge_body(2 << 20, test::Framing::content_length));

    Daemon daemon;
    HttpClient client = daemon.client();
    const std::string functions = "host_functions=config_get,http_fetch&timeout_ms=500";
    deploy_ok(client, "proxy", "proxy", functions + "&allowed_hosts=" + upstream.authority());
    set_upstream(client, "proxy", upstream.url("/"));

    const Response greeted = invoke(client, "proxy", "greet");
    INFO(greeted.summary());
    CHECK(greeted.status == 200);
    CHECK(greeted.body == "HELLO FROM UPSTREAM");
    const Response missing = invoke(client, "proxy", "missing");
    CHECK(missing.status == 404);
    CHECK(missing.body == "NO SUCH THING");

    // The deadline ends the call in the middle of the fetch, and the
    // function answers the next call at once.
    check_error(invoke(client, "proxy", "slow"), 504, "timeout");
    CHECK(invoke(client, "proxy", "greet").status == 200);

    const Response away = invoke(client, "proxy", "away");
    CHECK(away.status == 502);
    CHECK_THAT(away.body, Catch::Contains("host error -9"));
    const Response big = invoke(client, "proxy", "big");
    CHECK(big.status == 502);
    CHECK_THAT(big.body, Catch::Contains("host error -6"));

    // Without allowed_hosts, no network at all.
    deploy_ok(client, "closed", "proxy", functions);
    set_upstream(client, "closed", upstream.url("/"));
    const Response closed = invoke(client, "closed", "greet");
    CHECK(closed.status == 502);
    CHECK_THAT(closed.body, Catch::Contains("host error -9"));
    const Response described = client.request("GET", "/v1/functions/proxy");
    CHECK(described.json().at("config").at("allowed_hosts") ==
          nlohmann::json::array({upstream.authority()}));
    check_error(deploy(client, "bad", "proxy", functions + "&allowed_hosts=*.example.com"), 400,
                "invalid_config");
}

}  // namespace
}  // namespace ember::e2e
