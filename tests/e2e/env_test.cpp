// End-to-end: a function's env against a real emberd: read by the guest in
// init and during a call, kept by redeploys and restarts, secrets shown by
// name only, stored 0600, and never in the log.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

constexpr std::string_view secret = "hunter2-not-for-logs";

Response put_env(HttpClient& client, std::string_view name, const nlohmann::json& env) {
    return client.request("PUT", "/v1/functions/" + std::string(name) + "/env", env.dump(),
                          {{"Content-Type", "application/json"}});
}

std::string body_of(HttpClient& client, std::string_view input, std::string_view query = {}) {
    const Response response = invoke(client, "env", input, query);
    INFO(response.summary());
    CHECK(response.status == 200);
    return response.body;
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_CASE(
    "a function's env reaches its guest, survives redeploys and restarts, and its secrets "
    "stay hidden",
    "[kvm][e2e][env]") {
    Daemon daemon;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "env", "t_env", "host_functions=config_get");
        CHECK(body_of(client, "Ada") == "no greeting (-4)");

        const Response set = put_env(
            client, "env",
            {{"values", {{"GREETING", "Hello"}}}, {"secrets", {{"API_KEY", std::string(secret)}}}});
        INFO(set.summary());
        REQUIRE(set.status == 201);
        CHECK(set.json().at("version") == 2);
        CHECK(set.json().at("env").at("secrets") == nlohmann::json::array({"API_KEY"}));
        CHECK(body_of(client, "Ada") == "Hello, Ada");
        CHECK(body_of(client, "API_KEY", "handler=get") == secret);
        CHECK(body_of(client, "NOPE", "handler=get") == "error -4");

        // A new binary keeps the env.
        deploy_ok(client, "env", "t_env", "host_functions=config_get");
        CHECK(body_of(client, "Bob") == "Hello, Bob");
        const Response described = client.request("GET", "/v1/functions/env");
        CHECK(described.json().at("version") == 3);
        CHECK(described.body.find(secret) == std::string::npos);
    }
    CHECK(daemon.stop() == 0);
    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(body_of(client, "Cy") == "Hello, Cy");
    CHECK(body_of(client, "API_KEY", "handler=get") == secret);

    const auto secrets = daemon.data_dir() / "functions/env/3/secrets.json";
    REQUIRE(std::filesystem::exists(secrets));
    using std::filesystem::perms;
    CHECK((std::filesystem::status(secrets).permissions() &
           (perms::group_all | perms::others_all)) == perms::none);
    CHECK(file_text(daemon.log_path()).find(secret) == std::string::npos);
}

}  // namespace
}  // namespace ember::e2e
