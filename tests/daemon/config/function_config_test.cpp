// Tests daemon/function_config: validation ranges, JSON round trip and
// overlay, and deploy query parameters; every error names its key.
#include "daemon/config/function_config.hpp"

#include <catch2/catch.hpp>

#include "daemon/config/config_error.hpp"

using namespace ember::daemon;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::vector<std::string> known = {"log", "clock", "random"};

FunctionConfig from_query(std::map<std::string, std::string> parameters,
                          const FunctionConfig& defaults = {}) {
    return apply_query_parameters(parameters, defaults, known);
}

std::string query_error(std::map<std::string, std::string> parameters) {
    try {
        from_query(std::move(parameters));
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError");
    return {};
}

std::string json_error(const nlohmann::json& object, std::string_view prefix = {}) {
    try {
        function_config_from_json(object, FunctionConfig{}, known, prefix);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError for " << object.dump());
    return {};
}

}  // namespace

TEST_CASE("the default function config is valid", "[function_config]") {
    CHECK_NOTHROW(validate(FunctionConfig{}, known));
}

TEST_CASE("validation names the key and its range", "[function_config]") {
    FunctionConfig config;
    config.memory_mb = 1000;
    CHECK_THROWS_WITH(validate(config, known), "memory_mb: 1000 is out of range 2..256");
    config = {};
    config.memory_mb = 1;
    CHECK_THROWS_WITH(validate(config, known), "memory_mb: 1 is out of range 2..256");
    config = {};
    config.timeout_ms = 0;
    CHECK_THROWS_WITH(validate(config, known), "timeout_ms: 0 is out of range 1..300000");
    config = {};
    config.pool_max = 1025;
    CHECK_THROWS_WITH(validate(config, known), "pool_max: 1025 is out of range 1..1024");
    config = {};
    config.pool_min = 9;
    CHECK_THROWS_WITH(validate(config, known), StartsWith("pool_min: 9 is out of range 0..8"));
    config = {};
    config.max_queue = 100001;
    CHECK_THROWS_WITH(validate(config, known), "max_queue: 100001 is out of range 0..100000");
    config = {};
    config.host_functions = {"log", "net"};
    CHECK_THROWS_WITH(validate(config, known),
                      "host_functions: 'net' is not one of log, clock, random");
    config.host_functions = {"log", "clock", "log"};
    CHECK_THROWS_WITH(validate(config, known), "host_functions: 'log' is listed twice");
    config = {};
    config.memory_mb = 0;
    CHECK_THROWS_WITH(validate(config, known, "function_defaults"),
                      StartsWith("function_defaults.memory_mb: "));
}

TEST_CASE("the bounds themselves are allowed", "[function_config]") {
    FunctionConfig config{.memory_mb = 256,
                          .timeout_ms = 300000,
                          .pool_min = 1024,
                          .pool_max = 1024,
                          .max_queue = 100000,
                          .host_functions = {}};
    CHECK_NOTHROW(validate(config, known));
    config = {.memory_mb = 2,
              .timeout_ms = 1,
              .pool_min = 0,
              .pool_max = 1,
              .max_queue = 0,
              .host_functions = {"random"}};
    CHECK_NOTHROW(validate(config, known));
}

TEST_CASE("function config JSON round trip", "[function_config]") {
    FunctionConfig config{.memory_mb = 4,
                          .timeout_ms = 250,
                          .pool_min = 2,
                          .pool_max = 16,
                          .max_queue = 7,
                          .host_functions = {"clock"},
                          .kv_store = "sessions",
                          .allowed_hosts = {"api.example.com", "10.0.0.5:8080"}};
    nlohmann::json json = to_json(config);
    CHECK(json["memory_mb"] == 4);
    CHECK(json["host_functions"] == nlohmann::json::array({"clock"}));
    CHECK(json["kv_store"] == "sessions");
    CHECK(json["allowed_hosts"] == nlohmann::json::array({"api.example.com", "10.0.0.5:8080"}));
    CHECK(function_config_from_json(json, FunctionConfig{}, known) == config);
}

TEST_CASE("kv_store is empty or a name", "[function_config]") {
    FunctionConfig config;
    CHECK(config.kv_store.empty());
    CHECK_NOTHROW(validate(config, known));
    config.kv_store = "sessions-2";
    CHECK_NOTHROW(validate(config, known));
    config.kv_store = "Sessions";
    CHECK_THROWS_WITH(validate(config, known),
                      StartsWith("kv_store: 'Sessions' is not a store name (1 to 63 characters"));
    CHECK(apply_query_parameters({{"kv_store", "carts"}}, FunctionConfig{}, known).kv_store ==
          "carts");
    CHECK_THROWS_WITH(apply_query_parameters({{"kv_store", "../x"}}, FunctionConfig{}, known),
                      StartsWith("kv_store: '../x' is not a store name"));
}

TEST_CASE("allowed_hosts is empty by default, each entry checked where it is given",
          "[function_config]") {
    CHECK(FunctionConfig{}.allowed_hosts.empty());
    CHECK(from_query({{"allowed_hosts", "api.example.com,127.0.0.1:8080"}}).allowed_hosts ==
          std::vector<std::string>{"api.example.com", "127.0.0.1:8080"});
    CHECK(from_query({{"allowed_hosts", ""}}).allowed_hosts.empty());
    CHECK(query_error({{"allowed_hosts", "api.example.com,*.example.com"}}) ==
          "allowed_hosts[1] \"*.example.com\": wildcards are not supported: list each host");
    CHECK_THAT(query_error({{"allowed_hosts", "https://api.example.com"}}),
               StartsWith("allowed_hosts[0] \"https://api.example.com\": write the host without "
                          "a scheme"));
    CHECK_THAT(json_error({{"allowed_hosts", {"api.example.com/v1"}}}, "preload[2].config"),
               StartsWith("preload[2].config.allowed_hosts[0] \"api.example.com/v1\": an entry "
                          "is a host and an optional port"));
    CHECK_THAT(json_error({{"allowed_hosts", "api.example.com"}}), Contains("allowed_hosts"));
}

TEST_CASE("function config JSON keys are optional and overlay the base", "[function_config]") {
    FunctionConfig base{.memory_mb = 32,
                        .timeout_ms = 500,
                        .pool_min = 2,
                        .pool_max = 4,
                        .max_queue = 10,
                        .host_functions = {"log"}};
    FunctionConfig config = function_config_from_json({{"timeout_ms", 900}}, base, known);
    CHECK(config.timeout_ms == 900);
    CHECK(config.memory_mb == 32);
    CHECK(config.host_functions == std::vector<std::string>{"log"});
    CHECK(function_config_from_json(nlohmann::json::object(), base, known) == base);
}

TEST_CASE("function config JSON errors name the key", "[function_config]") {
    CHECK(json_error({{"memory_mb", 1000}}) == "memory_mb: 1000 is out of range 2..256");
    CHECK(json_error({{"memory_mb", -3}}) == "memory_mb: -3 is out of range 2..256");
    CHECK_THAT(json_error({{"memory_mb", "16"}}),
               StartsWith("memory_mb: expected an integer in 2..256, got \"16\""));
    CHECK_THAT(json_error({{"timeout_ms", 1.5}}), StartsWith("timeout_ms: expected an integer"));
    CHECK(json_error({{"memory_mb", 1000}}, "preload[0].config") ==
          "preload[0].config.memory_mb: 1000 is out of range 2..256");
    CHECK_THAT(json_error({{"host_functions", "log"}}),
               StartsWith("host_functions: expected an array of strings"));
    CHECK_THAT(json_error({{"host_functions", {"log", 3}}}),
               StartsWith("host_functions: expected an array of strings"));
    CHECK(json_error({{"memmory_mb", 16}}) == "memmory_mb: unknown key (check its spelling)");
    CHECK_THAT(json_error(nlohmann::json::array()), Contains("expected an object"));
}

TEST_CASE("lowering pool_max alone brings an inherited pool_min along", "[function_config]") {
    FunctionConfig base;
    base.pool_min = 4;
    CHECK(function_config_from_json({{"pool_max", 2}}, base, known).pool_min == 2);
    CHECK(from_query({{"pool_max", "2"}}, base).pool_min == 2);
    // Given explicitly, a pool_min above pool_max is the caller's mistake.
    CHECK_THROWS_WITH(from_query({{"pool_max", "2"}, {"pool_min", "3"}}, base),
                      StartsWith("pool_min: 3 is out of range 0..2"));
}

TEST_CASE("query parameters apply on top of the defaults", "[function_config]") {
    FunctionConfig defaults;
    CHECK(from_query({}) == defaults);
    FunctionConfig config = from_query({{"memory_mb", "4"},
                                        {"timeout_ms", "2500"},
                                        {"pool_min", "0"},
                                        {"pool_max", "16"},
                                        {"max_queue", "100"},
                                        {"host_functions", "log, random"}});
    CHECK(config == FunctionConfig{.memory_mb = 4,
                                   .timeout_ms = 2500,
                                   .pool_min = 0,
                                   .pool_max = 16,
                                   .max_queue = 100,
                                   .host_functions = {"log", "random"}});
    CHECK(from_query({{"host_functions", ""}}).host_functions.empty());
}

TEST_CASE("bad query parameters are rejected naming the parameter", "[function_config]") {
    CHECK(query_error({{"memory_mb", "1000"}}) == "memory_mb: 1000 is out of range 2..256");
    CHECK(query_error({{"memory_mb", "abc"}}) ==
          "memory_mb: expected an integer in 2..256, got 'abc'");
    CHECK(query_error({{"timeout_ms", "-1"}}) ==
          "timeout_ms: expected an integer in 1..300000, got '-1'");
    CHECK(query_error({{"timeout_ms", "12ms"}}) ==
          "timeout_ms: expected an integer in 1..300000, got '12ms'");
    CHECK(query_error({{"pool_max", ""}}) == "pool_max: expected an integer in 1..1024, got ''");
    CHECK(query_error({{"max_queue", "99999999999999999999999"}}) ==
          "max_queue: expected an integer in 0..100000, got '99999999999999999999999'");
    CHECK(query_error({{"host_functions", "log,net"}}) ==
          "host_functions: 'net' is not one of log, clock, random");
    CHECK(query_error({{"host_functions", "log,,clock"}}) ==
          "host_functions: '' is not one of log, clock, random");
    CHECK(query_error({{"host_functions", "log,log"}}) == "host_functions: 'log' is listed twice");
    CHECK_THAT(query_error({{"memory", "16"}}),
               StartsWith("memory: unknown parameter (known: memory_mb, timeout_ms"));
}

TEST_CASE("check_limits names the first key over the daemon's limit", "[function_config]") {
    const FunctionLimits limits{.memory_mb = 32, .pool_max = 4};
    FunctionConfig config;
    config.memory_mb = 32;
    config.pool_max = 4;
    CHECK_NOTHROW(check_limits(config, limits));
    config.memory_mb = 33;
    CHECK_THROWS_WITH(
        check_limits(config, limits),
        "memory_mb: 33 is over this daemon's limit of 32 (function_limits.memory_mb)");
    config.memory_mb = 8;
    config.pool_max = 5;
    CHECK_THROWS_WITH(check_limits(config, limits, "preload[2].config"),
                      "preload[2].config.pool_max: 5 is over this daemon's limit of 4 "
                      "(function_limits.pool_max)");
}

TEST_CASE("fit_to_limits lowers what exceeds the limits and nothing else", "[function_config]") {
    FunctionConfig config;
    config.memory_mb = 64;
    config.pool_min = 3;
    config.pool_max = 6;
    config.timeout_ms = 5000;
    const FunctionConfig fitted = fit_to_limits(config, {.memory_mb = 32, .pool_max = 2});
    CHECK(fitted.memory_mb == 32);
    CHECK(fitted.pool_max == 2);
    CHECK(fitted.pool_min == 2);
    CHECK(fitted.timeout_ms == 5000);
    CHECK(fit_to_limits(config, FunctionLimits{}) == config);
}
