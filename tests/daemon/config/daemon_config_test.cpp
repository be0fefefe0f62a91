// Tests daemon/daemon_config: defaults, the file, overrides, and that every
// invalid value and unknown key is an error naming its key path.
#include "daemon/config/daemon_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include "capabilities/host_capabilities.hpp"
#include "daemon/config/config_error.hpp"
#include "tests/scratch_dir.hpp"

using namespace ember::daemon;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::vector<std::string> known = {"log", "clock", "random"};

DaemonConfig parse(const nlohmann::json& document) {
    return daemon_config_from_json(document, known);
}

std::string error_of(const nlohmann::json& document) {
    try {
        parse(document);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError for " << document.dump());
    return {};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("built-in defaults", "[daemon_config]") {
    DaemonConfig config = load_daemon_config(CommandLine{}, known);
    CHECK(config.listen == ListenAddress{"127.0.0.1", 8080});
    CHECK(config.data_dir == "/var/lib/ember");
    CHECK(config.log_level == spdlog::level::info);
    CHECK(config.executor_threads == 2);
    CHECK(config.executor_threads_per_function == 1);
    CHECK(config.max_executor_queue == 1024);
    CHECK(config.pin_threads);
    CHECK(config.io_threads == 1);
    CHECK(config.max_body_bytes == 16u << 20);
    CHECK(config.max_input_bytes == 1u << 20);
    CHECK(config.max_output_bytes == 1u << 20);
    CHECK(config.max_header_bytes == 8u << 10);
    CHECK(config.max_connections == 1024);
    CHECK(config.guest_log_lines_per_second == 100);
    CHECK(config.max_init_ms == 10000);
    CHECK(config.max_functions == 1000);
    CHECK(config.max_async_queued == 1000);
    CHECK(config.records.max_records == 10000);
    CHECK(config.records.max_bytes == 64u << 20);
    CHECK(config.records.record == RecordPolicy::all);
    CHECK(config.max_guest_memory_mb == 4096);
    CHECK(config.max_versions_kept == 5);
    CHECK(config.function_limits == FunctionLimits{.memory_mb = 256, .pool_max = 64});

    CHECK(config.auth.admin_tokens.empty());
    CHECK(config.auth.metrics_public);
    CHECK(config.function_defaults == FunctionConfig{.memory_mb = 16,
                                                     .timeout_ms = 1000,
                                                     .pool_min = 1,
                                                     .pool_max = 8,
                                                     .max_queue = 64,
                                                     .host_functions = {"log", "clock", "random"}});
    CHECK(config.preload.empty());
    CHECK(parse(nlohmann::json::object()).listen == config.listen);
}

TEST_CASE("the built-in defaults are checked against the host functions offered",
          "[daemon_config]") {
    std::vector<std::string> only_log = {"log"};
    CHECK_THROWS_WITH(load_daemon_config(CommandLine{}, only_log),
                      StartsWith("function_defaults.host_functions: 'clock' is not one of log"));
}

TEST_CASE("every key is read", "[daemon_config]") {
    DaemonConfig config = parse({
        {"listen", "[::1]:9090"},
        {"data_dir", "/srv/ember/"},
        {"log_level", "warn"},
        {"executor_threads", 8},
        {"executor_threads_per_function", 3},
        {"max_executor_queue", 10},
        {"pin_threads", false},
        {"io_threads", 2},
        {"max_body_bytes", 1 << 20},
        {"max_input_bytes", 4096},
        {"max_output_bytes", 8192},
        {"max_header_bytes", 16384},
        {"max_connections", 10},
        {"read_timeout_ms", 5000},
        {"idle_timeout_ms", 7000},
        {"drain_timeout_ms", 0},
        {"pool_idle_ms", 1000},
        {"guest_log_lines_per_second", 7},
        {"max_init_ms", 2500},
        {"max_functions", 42},
        {"max_async_queued", 9},
        {"invocation_records",
         {{"max_records", 5}, {"max_bytes", 2 << 20}, {"record", "failures"}}},
        {"max_guest_memory_mb", 512},
        {"max_versions_kept", 2},
        {"function_limits", {{"memory_mb", 32}, {"pool_max", 3}}},

        {"auth",
         {{"admin_tokens", {"adm1n"}}, {"invoke_tokens", {"inv0ke"}}, {"metrics_public", false}}},
        {"function_defaults", {{"memory_mb", 4}, {"pool_max", 2}}},
        {"preload", {{{"name", "echo"}, {"path", "/opt/echo.elf"}, {"config", {{"pool_min", 0}}}}}},
    });
    CHECK(config.listen == ListenAddress{"::1", 9090});
    CHECK(config.data_dir == "/srv/ember/");
    CHECK(config.log_level == spdlog::level::warn);
    CHECK(config.executor_threads == 8);
    CHECK(config.executor_threads_per_function == 3);
    CHECK(config.max_executor_queue == 10);
    CHECK_FALSE(config.pin_threads);
    CHECK(config.io_threads == 2);
    CHECK(config.max_body_bytes == 1 << 20);
    CHECK(config.max_input_bytes == 4096);
    CHECK(config.max_output_bytes == 8192);
    CHECK(config.max_header_bytes == 16384);
    CHECK(config.max_connections == 10);
    CHECK(config.read_timeout_ms == 5000);
    CHECK(config.idle_timeout_ms == 7000);
    CHECK(config.drain_timeout_ms == 0);
    CHECK(config.pool_idle_ms == 1000);
    CHECK(config.guest_log_lines_per_second == 7);
    CHECK(config.max_init_ms == 2500);
    CHECK(config.max_functions == 42);
    CHECK(config.max_async_queued == 9);
    CHECK(config.records.max_records == 5);
    CHECK(config.records.max_bytes == 2 << 20);
    CHECK(config.records.record == RecordPolicy::failures);
    CHECK(config.max_guest_memory_mb == 512);
    CHECK(config.max_versions_kept == 2);
    CHECK(config.function_limits == FunctionLimits{.memory_mb = 32, .pool_max = 3});

    CHECK(config.auth.admin_tokens == std::vector<std::string>{"adm1n"});
    CHECK(config.auth.invoke_tokens == std::vector<std::string>{"inv0ke"});
    CHECK_FALSE(config.auth.metrics_public);
    CHECK(config.function_defaults.memory_mb == 4);
    CHECK(config.function_defaults.pool_min == 1);
    CHECK(config.function_defaults.pool_max == 2);
    REQUIRE(config.preload.size() == 1);
    CHECK(config.preload[0].name == "echo");
    CHECK(config.preload[0].path == "/opt/echo.elf");
    // A preload's config overlays function_defaults, not the built-ins.
    CHECK(config.preload[0].config.memory_mb == 4);
    CHECK(config.preload[0].config.pool_min == 0);
}

TEST_CASE("a function's executor threads default to one less than all of them", "[daemon_config]") {
    CHECK(parse({{"executor_threads", 8}}).executor_threads_per_function == 7);
    CHECK(parse({{"executor_threads", 1}}).executor_threads_per_function == 1);
    CHECK(parse({{"executor_threads", 4}, {"executor_threads_per_function", 4}})
              .executor_threads_per_function == 4);
    CHECK(error_of({{"executor_threads", 4}, {"executor_threads_per_function", 5}}) ==
          "executor_threads_per_function: 5 is out of range 1..4");
    CHECK(error_of({{"executor_threads_per_function", 0}}) ==
          "executor_threads_per_function: 0 is out of range 1..2");
    CHECK(error_of({{"max_executor_queue", 0}}) ==
          "max_executor_queue: 0 is out of range 1..1000000");
}

TEST_CASE("relative paths are resolved against the current directory", "[daemon_config]") {
    DaemonConfig config =
        parse({{"data_dir", "var/data"}, {"preload", {{{"name", "e"}, {"path", "./g/e.elf"}}}}});
    CHECK(config.data_dir == std::filesystem::current_path() / "var/data");
    CHECK(config.preload[0].path == std::filesystem::current_path() / "g/e.elf");
}

TEST_CASE("every invalid value names its key path", "[daemon_config]") {
    CHECK(error_of({{"listen", "localhost"}}) == "listen: 'localhost': expected HOST:PORT");
    CHECK(error_of({{"listen", "::1:80"}}) == "listen: '::1:80': write IPv6 hosts as [HOST]:PORT");
    CHECK(error_of({{"listen", ":80"}}) ==
          "listen: ':80': host must be a numeric IP address or localhost");
    CHECK(error_of({{"listen", "example.com:80"}}) ==
          "listen: 'example.com:80': host must be a numeric IP address or localhost");
    CHECK(error_of({{"listen", "127.0.0.1:65536"}}) ==
          "listen: '127.0.0.1:65536': port must be a number from 0 to 65535");
    CHECK(error_of({{"listen", 8080}}) == "listen: expected a string, got 8080");
    CHECK(error_of({{"data_dir", ""}}) == "data_dir: must not be empty");
    CHECK(error_of({{"log_level", "loud"}}) ==
          "log_level: 'loud' is not one of trace, debug, info, warn, error");
    CHECK(error_of({{"executor_threads", 0}}) == "executor_threads: 0 is out of range 1..256");
    CHECK(error_of({{"io_threads", 65}}) == "io_threads: 65 is out of range 1..64");
    CHECK_THAT(error_of({{"max_body_bytes", 10}}),
               StartsWith("max_body_bytes: 10 is out of range"));
    CHECK_THAT(error_of({{"max_input_bytes", 0}}),
               StartsWith("max_input_bytes: 0 is out of range"));
    CHECK_THAT(error_of({{"max_output_bytes", -1}}), StartsWith("max_output_bytes: -1 is out"));
    CHECK_THAT(error_of({{"max_header_bytes", 1}}), StartsWith("max_header_bytes: 1 is out"));
    CHECK_THAT(error_of({{"max_connections", 0}}), StartsWith("max_connections: 0 is out"));
    CHECK_THAT(error_of({{"read_timeout_ms", 1}}), StartsWith("read_timeout_ms: 1 is out"));
    CHECK_THAT(error_of({{"idle_timeout_ms", 1}}), StartsWith("idle_timeout_ms: 1 is out"));
    CHECK_THAT(error_of({{"drain_timeout_ms", 1e9}}), StartsWith("drain_timeout_ms: expected an"));
    CHECK_THAT(error_of({{"pool_idle_ms", true}}), StartsWith("pool_idle_ms: expected an integer"));
    CHECK_THAT(error_of({{"auth", {{"admin_tokens", {"has space"}}}}}),
               StartsWith("auth.admin_tokens: tokens may contain only printable ASCII"));
    CHECK(error_of({{"auth", {{"invoke_tokens", {""}}}}}) ==
          "auth.invoke_tokens: a token must not be empty");
    CHECK_THAT(error_of({{"auth", {{"metrics_public", "yes"}}}}),
               StartsWith("auth.metrics_public: expected true or false"));
    CHECK(error_of({{"invocation_records", {{"record", "some"}}}}) ==
          "invocation_records.record: 'some' is not one of all, failures, none");
    CHECK_THAT(error_of({{"invocation_records", {{"max_records", 0}}}}),
               StartsWith("invocation_records.max_records: 0 is out of range"));
    CHECK_THAT(error_of({{"invocation_records", {{"max_bytes", 1000}}}}),
               StartsWith("invocation_records.max_bytes: 1000 is out of range"));
    CHECK_THAT(error_of({{"max_async_queued", 0}}), StartsWith("max_async_queued: 0 is out"));
    CHECK(error_of({{"function_defaults", {{"pool_max", 0}}}}) ==
          "function_defaults.pool_max: 0 is out of range 1..1024");
    CHECK(error_of({{"function_defaults", {{"host_functions", {"net"}}}}}) ==
          "function_defaults.host_functions: 'net' is not one of log, clock, random");
    CHECK_THAT(error_of({{"preload", {{"name", "x"}}}}), StartsWith("preload: expected an array"));
    CHECK(error_of({{"preload", {{{"path", "/x"}}}}}) == "preload[0].name: missing");
    CHECK(error_of({{"preload", {{{"name", "x"}}}}}) == "preload[0].path: missing");
    CHECK_THAT(error_of({{"preload", {{{"name", "Bad!"}, {"path", "/x"}}}}}),
               StartsWith("preload[0].name: 'Bad!' is not a valid name"));
    CHECK(error_of(
              {{"preload", {{{"name", "a"}, {"path", "/a"}}, {{"name", "a"}, {"path", "/b"}}}}}) ==
          "preload[1].name: 'a' is preloaded twice");
    CHECK(error_of(
              {{"preload", {{{"name", "a"}, {"path", "/a"}, {"config", {{"memory_mb", 1}}}}}}}) ==
          "preload[0].config.memory_mb: 1 is out of range 2..256");
    CHECK(error_of({{"max_guest_memory_mb", 1}}) ==
          "max_guest_memory_mb: 1 is out of range 2..1048576");
    CHECK(error_of({{"max_versions_kept", 0}}) == "max_versions_kept: 0 is out of range 1..1000");
    CHECK(error_of({{"function_limits", {{"memory_mb", 512}}}}) ==
          "function_limits.memory_mb: 512 is out of range 2..256");
    CHECK(error_of({{"function_limits", {{"pool_max", 0}}}}) ==
          "function_limits.pool_max: 0 is out of range 1..1024");
    CHECK(error_of({{"function_limits", {{"timeout_ms", 5}}}}) ==
          "function_limits.timeout_ms: unknown key (check its spelling)");
}

TEST_CASE("function_limits bound function_defaults and preloads, and unset defaults follow them",
          "[daemon_config]") {
    CHECK(error_of({{"function_defaults", {{"pool_max", 100}}}}) ==
          "function_defaults.pool_max: 100 is over this daemon's limit of 64 "
          "(function_limits.pool_max)");
    CHECK(error_of({{"function_limits", {{"memory_mb", 8}}},
                    {"function_defaults", {{"memory_mb", 16}}}}) ==
          "function_defaults.memory_mb: 16 is over this daemon's limit of 8 "
          "(function_limits.memory_mb)");
    CHECK(error_of(
              {{"function_limits", {{"memory_mb", 8}}},
               {"preload", {{{"name", "a"}, {"path", "/a"}, {"config", {{"memory_mb", 9}}}}}}}) ==
          "preload[0].config.memory_mb: 9 is over this daemon's limit of 8 "
          "(function_limits.memory_mb)");
    // Built-in defaults nobody set come down to the limits instead.
    const DaemonConfig config = parse({{"function_limits", {{"memory_mb", 8}, {"pool_max", 1}}},
                                       {"preload", {{{"name", "a"}, {"path", "/a"}}}}});
    CHECK(config.function_defaults.memory_mb == 8);
    CHECK(config.function_defaults.pool_max == 1);
    CHECK(config.function_defaults.pool_min == 1);
    CHECK(config.preload[0].config.memory_mb == 8);
    const DaemonConfig no_pool =
        parse({{"function_limits", {{"pool_max", 2}}}, {"function_defaults", {{"pool_min", 2}}}});
    CHECK(no_pool.function_defaults.pool_max == 2);
    CHECK(no_pool.function_defaults.pool_min == 2);
}

TEST_CASE("unknown keys are errors at every level", "[daemon_config]") {
    CHECK(error_of({{"listne", "a:1"}}) == "listne: unknown key (check its spelling)");
    CHECK(error_of({{"auth", {{"admin_token", {"x"}}}}}) ==
          "auth.admin_token: unknown key (check its spelling)");
    CHECK(error_of({{"function_defaults", {{"memory", 4}}}}) ==
          "function_defaults.memory: unknown key (check its spelling)");
    CHECK(error_of({{"preload", {{{"name", "a"}, {"path", "/a"}, {"pth", "/b"}}}}}) ==
          "preload[0].pth: unknown key (check its spelling)");
    CHECK_THAT(error_of(nlohmann::json::array()), StartsWith("config: expected an object"));
}

TEST_CASE("config file: read, errors prefixed with its name", "[daemon_config]") {
    ember::daemon::test::ScratchDir dir;
    std::filesystem::path file = dir.path() / "emberd.json";
    write_text(file, "{\n  // comments are allowed\n  \"executor_threads\": 3\n}\n");
    CHECK(load_daemon_config_file(file, known).executor_threads == 3);

    write_text(file, "{\"executor_threads\": 0}");
    CHECK_THROWS_WITH(load_daemon_config_file(file, known),
                      file.string() + ": executor_threads: 0 is out of range 1..256");
    write_text(file, "{\"executor_threads\": ");
    CHECK_THROWS_WITH(load_daemon_config_file(file, known),
                      StartsWith(file.string() + ": not valid JSON"));
    // A number beyond a double is not a parse error to the JSON library, but
    // the operator is told the same (found by tests/fuzz's config target).
    write_text(file, "{\"max_connections\": 1e400}");
    CHECK_THROWS_WITH(load_daemon_config_file(file, known),
                      StartsWith(file.string() + ": not valid JSON"));
    CHECK_THROWS_WITH(load_daemon_config_file(dir.path() / "missing.json", known),
                      Contains("missing.json: cannot open the config file"));
}

TEST_CASE("command-line overrides win over the file", "[daemon_config]") {
    ember::daemon::test::ScratchDir dir;
    std::filesystem::path file = dir.path() / "emberd.json";
    write_text(file, R"({"listen": "127.0.0.1:1", "data_dir": "/a", "log_level": "error"})");
    CommandLine line{.config_file = file,
                     .listen = "0.0.0.0:2",
                     .data_dir = "/b",
                     .log_level = "trace",
                     .help = false,
                     .allow_unauthenticated = true};
    DaemonConfig config = load_daemon_config(line, known);
    CHECK(config.listen == ListenAddress{"0.0.0.0", 2});
    CHECK(config.data_dir == "/b");
    CHECK(config.log_level == spdlog::level::trace);

    line.config_file.reset();
    line.data_dir.reset();
    CHECK(load_daemon_config(line, known).data_dir == "/var/lib/ember");
}

TEST_CASE("a non-loopback address without tokens needs --allow-unauthenticated",
          "[daemon_config]") {
    ember::daemon::test::ScratchDir dir;
    std::filesystem::path file = dir.path() / "emberd.json";
    CommandLine line;
    line.config_file = file;
    line.listen = "0.0.0.0:8080";
    write_text(file, "{}");
    CHECK_THROWS_WITH(load_daemon_config(line, known),
                      StartsWith("listen: 0.0.0.0 is not a loopback address and auth has no "
                                 "tokens") &&
                          Contains("--allow-unauthenticated"));
    line.listen = "[::]:8080";
    CHECK_THROWS_WITH(load_daemon_config(line, known), StartsWith("listen: :: is not a loopback"));

    line.allow_unauthenticated = true;
    CHECK(load_daemon_config(line, known).auth.allow_unauthenticated);
    line.allow_unauthenticated = false;
    write_text(file, R"({"auth": {"admin_tokens": ["a-long-enough-secret-token"]}})");
    CHECK(load_daemon_config(line, known).listen.host == "::");
    for (const char* loopback : {"127.0.0.1:8080", "[::1]:8080", "localhost:8080"}) {
        line.listen = loopback;
        write_text(file, "{}");
        CHECK_NOTHROW(load_daemon_config(line, known));
    }
}

TEST_CASE("bad overrides name the option", "[daemon_config]") {
    DaemonConfig config;
    CommandLine listen;
    listen.listen = "nope";
    CHECK_THROWS_WITH(apply_overrides(config, listen), "--listen: 'nope': expected HOST:PORT");
    CommandLine log_level;
    log_level.log_level = "verbose";
    CHECK_THROWS_WITH(apply_overrides(config, log_level),
                      "--log-level: 'verbose' is not one of trace, debug, info, warn, error");
}

TEST_CASE("config/emberd.json in the repository is valid", "[daemon_config]") {
    DaemonConfig config =
        load_daemon_config_file(std::filesystem::path(EMBER_SOURCE_DIR) / "config/emberd.json",
                                ember::capabilities::HostCapabilities::offered());
    std::vector<std::string> names;
    for (const PreloadEntry& entry : config.preload)
        names.push_back(entry.name);
    CHECK(names == std::vector<std::string>{"echo", "hello", "counter", "fib", "visits"});
}

TEST_CASE("the kv section sets the store's limits, and only known backends", "[daemon_config]") {
    const DaemonConfig defaults = parse(nlohmann::json::object());
    CHECK(defaults.kv.backend == KvBackend::sqlite);
    CHECK(defaults.kv.limits.max_key_bytes == 512);
    CHECK(defaults.kv.limits.max_value_bytes == 1024 * 1024);

    const DaemonConfig set = parse({{"kv",
                                     {{"backend", "sqlite"},
                                      {"max_key_bytes", 64},
                                      {"max_value_bytes", 4096},
                                      {"namespace_quota_bytes", 1 << 20},
                                      {"max_list_keys", 10}}}});
    CHECK(set.kv.limits.max_key_bytes == 64);
    CHECK(set.kv.limits.max_value_bytes == 4096);
    CHECK(set.kv.limits.namespace_quota_bytes == 1 << 20);
    CHECK(set.kv.limits.max_list_keys == 10);

    CHECK_THROWS_WITH(parse({{"kv", {{"backend", "postgres"}}}}),
                      "kv.backend: 'postgres' is not one of sqlite, redis");

    const DaemonConfig redis = parse({{"kv",
                                       {{"backend", "redis"},
                                        {"redis",
                                         {{"host", "10.0.0.5"},
                                          {"port", 6380},
                                          {"key_prefix", "prod:"},
                                          {"command_timeout_ms", 250},
                                          {"connections", 8}}}}}});
    CHECK(redis.kv.backend == KvBackend::redis);
    CHECK(redis.kv.redis.host == "10.0.0.5");
    CHECK(redis.kv.redis.port == 6380);
    CHECK(redis.kv.redis.key_prefix == "prod:");
    CHECK(redis.kv.redis.command_timeout == std::chrono::milliseconds(250));
    CHECK(redis.kv.redis.connect_timeout == std::chrono::milliseconds(1000));
    CHECK(redis.kv.redis.connections == 8);
    CHECK_THROWS_WITH(parse({{"kv", {{"redis", {{"port", 0}}}}}}),
                      StartsWith("kv.redis.port: 0 is out of range"));
    CHECK_THROWS_WITH(parse({{"kv", {{"redis", {{"db", 1}}}}}}),
                      StartsWith("kv.redis.db: unknown key"));
    CHECK_THROWS_WITH(parse({{"kv", {{"max_key_bytes", 0}}}}),
                      StartsWith("kv.max_key_bytes: 0 is out of range"));
    CHECK_THROWS_WITH(parse({{"kv", {{"quota", 1}}}}), StartsWith("kv.quota: unknown key"));
}

TEST_CASE("the fetch section bounds every http_fetch", "[daemon_config]") {
    const DaemonConfig defaults = parse(nlohmann::json::object());
    CHECK(defaults.fetch.max_response_bytes == 1024 * 1024);
    CHECK(defaults.fetch.connect_timeout_ms == 5000);
    CHECK(defaults.fetch.read_timeout_ms == 10000);
    CHECK(defaults.fetch.max_redirects == 5);
    CHECK(defaults.fetch.extra_ca_file.empty());

    const DaemonConfig set = parse({{"fetch",
                                     {{"max_response_bytes", 65536},
                                      {"connect_timeout_ms", 250},
                                      {"read_timeout_ms", 1000},
                                      {"max_redirects", 0},
                                      {"resolver_threads", 4},
                                      {"extra_ca_file", "/etc/ember/ca.pem"}}}});
    CHECK(set.fetch.max_response_bytes == 65536);
    CHECK(set.fetch.connect_timeout_ms == 250);
    CHECK(set.fetch.read_timeout_ms == 1000);
    CHECK(set.fetch.max_redirects == 0);
    CHECK(set.fetch.resolver_threads == 4);
    CHECK(set.fetch.extra_ca_file == "/etc/ember/ca.pem");

    CHECK_THROWS_WITH(parse({{"fetch", {{"connect_timeout_ms", 0}}}}),
                      StartsWith("fetch.connect_timeout_ms: 0 is out of range"));
    CHECK_THROWS_WITH(parse({{"fetch", {{"max_redirects", 21}}}}),
                      StartsWith("fetch.max_redirects: 21 is out of range"));
    CHECK_THROWS_WITH(parse({{"fetch", {{"proxy", "http://p"}}}}),
                      StartsWith("fetch.proxy: unknown key"));
    CHECK_THROWS_WITH(
        parse({{"function_defaults", {{"allowed_hosts", {"*.example.com"}}}}}),
        StartsWith("function_defaults.allowed_hosts[0] \"*.example.com\": wildcards"));
}
