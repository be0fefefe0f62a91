// Tests daemon/config/function_env: the rules for names, sizes and counts,
// the JSON of PUT /v1/functions/NAME/env, and what a description shows.
#include "daemon/config/function_env.hpp"

#include <catch2/catch.hpp>

#include "daemon/config/config_error.hpp"

using namespace ember::daemon;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("an env's names, sizes and counts are checked", "[function_env]") {
    CHECK_NOTHROW(validate(FunctionEnv{}));
    CHECK_NOTHROW(validate(FunctionEnv{{{"GREETING", "hi"}, {"_x9", ""}}, {{"API_KEY", "s"}}}));
    CHECK_NOTHROW(validate(FunctionEnv{{{std::string(128, 'N'), std::string(4096, 'v')}}, {}}));

    CHECK_THROWS_WITH(validate(FunctionEnv{{{"", "v"}}, {}}),
                      StartsWith("values: '' is not a name"));
    CHECK_THROWS_WITH(validate(FunctionEnv{{{"9LIVES", "v"}}, {}}),
                      StartsWith("values: '9LIVES' is not a name"));
    CHECK_THROWS_WITH(validate(FunctionEnv{{}, {{"API KEY", "v"}}}),
                      StartsWith("secrets: 'API KEY' is not a name"));
    CHECK_THROWS_WITH(validate(FunctionEnv{{{std::string(129, 'N'), "v"}}, {}}),
                      Contains("is not a name"));
    CHECK_THROWS_WITH(validate(FunctionEnv{{{"BIG", std::string(4097, 'v')}}, {}}),
                      "values.BIG: 4097 bytes is over the limit of 4096");
    CHECK_THROWS_WITH(validate(FunctionEnv{{{"KEY", "a"}}, {{"KEY", "b"}}}),
                      StartsWith("secrets.KEY: also in values"));
    FunctionEnv many;
    for (int i = 0; i <= 100; ++i)
        many.values["V" + std::to_string(i)] = "";
    CHECK_THROWS_WITH(validate(many), "101 values and secrets are over the limit of 100");
}

TEST_CASE("the env body: values and secrets, both optional, strings only", "[function_env]") {
    const FunctionEnv env = function_env_from_json(
        {{"values", {{"GREETING", "hi"}}}, {"secrets", {{"API_KEY", "s3cret"}}}});
    CHECK(env.values == std::map<std::string, std::string>{{"GREETING", "hi"}});
    CHECK(env.secrets == std::map<std::string, std::string>{{"API_KEY", "s3cret"}});
    CHECK(function_env_from_json(nlohmann::json::object()).empty());

    CHECK_THROWS_WITH(function_env_from_json({{"vars", nlohmann::json::object()}}),
                      StartsWith("vars: unknown key"));
    CHECK_THROWS_WITH(function_env_from_json(nlohmann::json::array()),
                      "expected an object {\"values\": {...}, \"secrets\": {...}}, got a array");
    CHECK_THROWS_WITH(function_env_from_json({{"values", {{"N", 3}}}}),
                      "values.N: expected a string, got a number");
    // A secret of the wrong type is named, not quoted.
    const auto message = [](const nlohmann::json& body) {
        try {
            function_env_from_json(body);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK_THAT(message({{"secrets", {{"TOKEN", {{"nested", "hunter2"}}}}}}),
               !Contains("hunter2") && StartsWith("secrets.TOKEN: expected a string"));
    CHECK_THAT(message({{"secrets", "hunter2"}}), !Contains("hunter2"));
}

TEST_CASE("a description shows values, and only the names of secrets", "[function_env]") {
    const nlohmann::json shown =
        describe(FunctionEnv{{{"GREETING", "hi"}}, {{"API_KEY", "s3cret"}, {"DB", "pw"}}});
    CHECK(shown == nlohmann::json{{"values", {{"GREETING", "hi"}}},
                                  {"secrets", nlohmann::json::array({"API_KEY", "DB"})}});
    CHECK(shown.dump().find("s3cret") == std::string::npos);
}
