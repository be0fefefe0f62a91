// A function's env through the REST API, over fake versions (no /dev/kvm):
// PUT /v1/functions/NAME/env, what descriptions show of it, and bad bodies.
#include "daemon/api/env_endpoint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/daemon/api/api_fixture.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;
using Catch::Matchers::Contains;

namespace {

http::Response put_env(Fixture& f, const std::string& name, std::string body) {
    Replies replies;
    f.send("PUT", "/v1/functions/" + name + "/env", replies, std::move(body),
           {{"Content-Type", "application/json"}});
    return replies.wait_for(1).at(0);
}

nlohmann::json json_of(const http::Response& response) {
    return nlohmann::json::parse(response.body);
}

}  // namespace

TEST_CASE("PUT env serves a new version with it, and shows secrets by name only", "[env]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    const http::Response reply =
        put_env(f, "echo", R"({"values": {"GREETING": "hi"}, "secrets": {"API_KEY": "s3cret"}})");
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    const nlohmann::json body = json_of(reply);
    CHECK(body.at("version") == 2);
    CHECK(body.at("env") == nlohmann::json{{"values", {{"GREETING", "hi"}}},
                                           {"secrets", nlohmann::json::array({"API_KEY"})}});
    CHECK(reply.body.find("s3cret") == std::string::npos);

    for (const std::string target : {"/v1/functions/echo", "/v1/functions"}) {
        const http::Response described = f.get(target);
        CHECK(described.status == 200);
        CHECK_THAT(described.body, Contains("API_KEY") && !Contains("s3cret"));
    }
    CHECK(f.registry.find("echo")->stored.env.secrets.at("API_KEY") == "s3cret");

    // An empty body object clears the env, again as a new version.
    const http::Response cleared = put_env(f, "echo", "{}");
    REQUIRE(cleared.status == 201);
    CHECK(json_of(cleared).at("version") == 3);
    CHECK(json_of(cleared).at("env") == nlohmann::json{{"values", nlohmann::json::object()},
                                                       {"secrets", nlohmann::json::array()}});
}

TEST_CASE("PUT env refuses bad bodies and unknown functions, and stores nothing", "[env]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    const auto code = [](const http::Response& r) {
        return json_of(r).at("error").at("code").get<std::string>();
    };
    for (const char* body :
         {"not json", "[]", R"({"values": {"A B": "x"}})", R"({"values": {"N": 1}})",
          R"({"vars": {}})", R"({"values": {"K": "a"}, "secrets": {"K": "b"}})"}) {
        INFO(body);
        const http::Response refused = put_env(f, "echo", body);
        CHECK(refused.status == 400);
        CHECK(code(refused) == "invalid_request");
    }
    CHECK(f.registry.find("echo")->stored.version == 1);

    const http::Response unknown = put_env(f, "nope", "{}");
    CHECK(unknown.status == 404);
    CHECK(code(unknown) == "function_not_found");
}
