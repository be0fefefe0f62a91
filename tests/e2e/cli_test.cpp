// End-to-end: the `ember` client against a real emberd, run as a user runs
// it: deploy, invoke (sync and async, pinned to a version), ls, describe, rm,
// versions, rollback, env, logs, invocation and metrics, with and without
// tokens.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "tests/cli/run_ember.hpp"
#include "tests/eventually.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using cli::test::EmberRun;
using cli::test::Environment;
using cli::test::run_ember;

// These tests are about the client, not about time limits: calls get ten
// seconds, which an emulated CPU also meets on a first, slow call.
DaemonOptions patient(nlohmann::json config = nlohmann::json::object()) {
    config["function_defaults"] = {{"timeout_ms", 10000}};
    return {.config = std::move(config)};
}

Environment server_of(const Daemon& daemon) {
    return {{"EMBER_URL", "http://127.0.0.1:" + std::to_string(daemon.port())}};
}

// `ember deploy NAME GUEST` that REQUIREs success.
void ember_deploy(const Environment& env, const std::string& name, const std::string& guest) {
    const EmberRun run = run_ember({"deploy", name, guest_path(guest).string()}, "", env);
    INFO(run.err);
    REQUIRE(run.status == 0);
}

TEST_CASE("ember deploy, ls, describe and rm against emberd", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    const EmberRun deployed =
        run_ember({"deploy", "words", guest_path("wordcount").string(), "--memory-mb", "8",
                   "--timeout-ms", "500", "--pool-max", "2", "--host-functions", "log"},
                  "", env);
    INFO(deployed.err);
    REQUIRE(deployed.status == 0);
    CHECK_THAT(deployed.out,
               StartsWith("deployed words version 1 (sha256 " +
                          sha256_hex(guest_binary("wordcount")).substr(0, 12) + ", "));

    const EmberRun described = run_ember({"describe", "words", "--json"}, "", env);
    REQUIRE(described.status == 0);
    const nlohmann::json d = nlohmann::json::parse(described.out);
    CHECK(d.at("version") == 1);
    CHECK(d.at("config").at("memory_mb") == 8);
    CHECK(d.at("config").at("timeout_ms") == 500);
    CHECK(d.at("config").at("pool_max") == 2);
    CHECK(d.at("config").at("host_functions") == nlohmann::json::array({"log"}));
    const EmberRun human = run_ember({"describe", "words"}, "", env);
    CHECK_THAT(human.out, Contains("memory          8 MiB\n") && Contains("host functions  log\n"));

    const EmberRun listed = run_ember({"ls"}, "", env);
    CHECK(listed.status == 0);
    CHECK_THAT(listed.out, StartsWith("NAME ") && Contains("\nwords  1 "));
    const nlohmann::json list = nlohmann::json::parse(run_ember({"ls", "--json"}, "", env).out);
    REQUIRE(list.at("functions").size() == 1);
    CHECK(list["functions"][0].at("name") == "words");

    const EmberRun removed = run_ember({"rm", "words"}, "", env);
    CHECK(removed.status == 0);
    CHECK(removed.out == "removed words\n");
    const EmberRun gone = run_ember({"describe", "words"}, "", env);
    CHECK(gone.status == 1);
    CHECK_THAT(gone.err, StartsWith("ember: function_not_found: ") && Contains("(HTTP 404)"));
    CHECK(nlohmann::json::parse(run_ember({"ls", "--json"}, "", env).out).at("functions").empty());
}

TEST_CASE("ember invoke takes its input from --data, a file or stdin", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "echo", "echo");
    ember_deploy(env, "words", "wordcount");
    CHECK(run_ember({"invoke", "echo", "--data", "hi"}, "", env).out == "hi");
    CHECK(run_ember({"invoke", "echo"}, "from stdin", env).out == "from stdin");
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "input") << "from a file";
    CHECK(run_ember({"invoke", "echo", "--data-file", (dir.path() / "input").string()}, "", env)
              .out == "from a file");
    CHECK(run_ember({"invoke", "words", "--handler", "reverse", "--data", "abc"}, "", env).out ==
          "cba");
    const EmberRun verbose = run_ember({"invoke", "echo", "-v", "--data", "x"}, "", env);
    CHECK(verbose.status == 0);
    CHECK_THAT(verbose.err, Contains("ember: version 1\n"));
}

TEST_CASE("ember invoke exits non-zero when the function fails", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "crash", "t_null_deref");
    ember_deploy(env, "fib", "fib");
    const EmberRun fault = run_ember({"invoke", "crash", "--data", ""}, "", env);
    CHECK(fault.status == 1);
    CHECK(fault.out.empty());
    CHECK_THAT(fault.err, StartsWith("ember: guest_fault: ") && Contains("(HTTP 500"));
    const EmberRun refused = run_ember({"invoke", "fib", "--data", "nope"}, "", env);
    CHECK(refused.status == 4);
    CHECK_THAT(refused.err, Contains("the function answered with status 400"));
    const EmberRun missing = run_ember({"invoke", "nope", "--data", ""}, "", env);
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, StartsWith("ember: function_not_found: "));
}

TEST_CASE("ember logs and ember invocation show the records of calls", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "hello", "hello");
    const EmberRun call = run_ember({"invoke", "hello", "-v", "--data", "Ada"}, "", env);
    REQUIRE(call.status == 0);
    std::smatch id;
    REQUIRE(std::regex_search(call.err, id, std::regex("ember: invocation ([0-9a-f]{32})\n")));

    const EmberRun record = run_ember({"invocation", id[1], "--json"}, "", env);
    INFO(record.err);
    REQUIRE(record.status == 0);
    const nlohmann::json json = nlohmann::json::parse(record.out);
    CHECK(json.at("function") == "hello");
    CHECK(json.at("outcome") == "ok");
    CHECK(json.at("logs") == nlohmann::json::array({"Hello, Ada!"}));
    CHECK_THAT(run_ember({"invocation", id[1]}, "", env).out,
               Contains("outcome     ok\n") && Contains("logs:\n  Hello, Ada!\n"));

    const EmberRun logs = run_ember({"logs", "hello"}, "", env);
    CHECK(logs.status == 0);
    CHECK_THAT(logs.out,
               StartsWith(id[1].str() + "  v1  (default)  ok  ") && Contains("\n  Hello, Ada!\n"));
}

TEST_CASE("ember invoke --async, then the record and the result", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "hello", "hello");
    const EmberRun started = run_ember({"invoke", "hello", "--async", "--data", "Bob"}, "", env);
    INFO(started.err);
    REQUIRE(started.status == 0);
    REQUIRE(std::regex_match(started.out, std::regex("[0-9a-f]{32}\n")));
    const std::string id = started.out.substr(0, 32);
    // A bound for a loaded machine, not a timing.
    const bool ended = test::eventually(
        [&] {
            const EmberRun run = run_ember({"invocation", id, "--json"}, "", env);
            return run.status == 0 && nlohmann::json::parse(run.out).at("state") == "done";
        },
        std::chrono::seconds(20));
    REQUIRE(ended);
    const EmberRun result = run_ember({"invocation", id, "--result"}, "", env);
    CHECK(result.status == 0);
    CHECK(result.out == "Hello, Bob!");
    CHECK_THAT(run_ember({"invocation", id}, "", env).out,
               Contains("async          yes\n") && Contains("result body    Hello, Bob!\n"));
}

TEST_CASE("ember versions, ember invoke --version and ember rollback", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "greet", "echo");
    ember_deploy(env, "greet", "hello");
    const EmberRun listed = run_ember({"versions", "greet"}, "", env);
    INFO(listed.err);
    CHECK(listed.status == 0);
    CHECK_THAT(listed.out, StartsWith("VERSION ") && Contains("\n2        *   ") &&
                               Contains("\n1            "));
    CHECK(run_ember({"invoke", "greet", "--version", "1", "--data", "Ada"}, "", env).out == "Ada");

    const EmberRun rolled_back = run_ember({"rollback", "greet", "1"}, "", env);
    INFO(rolled_back.err);
    CHECK(rolled_back.status == 0);
    CHECK(rolled_back.out == "greet: version 1 is active\n");
    CHECK(run_ember({"invoke", "greet", "--data", "Ada"}, "", env).out == "Ada");
    const nlohmann::json json =
        nlohmann::json::parse(run_ember({"versions", "greet", "--json"}, "", env).out);
    CHECK(json.at("active") == 1);

    const EmberRun missing = run_ember({"rollback", "greet", "7"}, "", env);
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, StartsWith("ember: version_not_found: ") && Contains("(HTTP 404)"));
}

TEST_CASE("ember env sets the values and secrets a guest reads", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    const EmberRun deployed = run_ember({"deploy", "env", guest_path("t_env").string(),
                                         "--host-functions", "config_get", "--kv-store", "shared"},
                                        "", env);
    INFO(deployed.err);
    REQUIRE(deployed.status == 0);
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "token") << "s3cret\n";
    const EmberRun set = run_ember({"env", "env", "GREETING=Hello", "--secret-file",
                                    "TOKEN=" + (dir.path() / "token").string()},
                                   "", env);
    INFO(set.err);
    CHECK(set.status == 0);
    CHECK(set.out == "env: version 2 serves an env of 1 values and 1 secrets\n");
    CHECK(run_ember({"invoke", "env", "--data", "Ada"}, "", env).out == "Hello, Ada");
    CHECK(run_ember({"invoke", "env", "--handler", "get", "--data", "TOKEN"}, "", env).out ==
          "s3cret");
    const EmberRun described = run_ember({"describe", "env"}, "", env);
    CHECK_THAT(described.out, Contains("kv store        shared\n") &&
                                  Contains("env             GREETING, TOKEN (secret)\n"));
    CHECK_THAT(described.out, !Contains("s3cret"));
}

TEST_CASE("ember metrics shows emberd's counters", "[kvm][e2e][cli]") {
    Daemon daemon(patient());
    const Environment env = server_of(daemon);
    ember_deploy(env, "echo", "echo");
    REQUIRE(run_ember({"invoke", "echo", "--data", "x"}, "", env).status == 0);
    const EmberRun human = run_ember({"metrics"}, "", env);
    CHECK(human.status == 0);
    CHECK_THAT(human.out, StartsWith("SERIES ") && Contains("\nember_up ") && !Contains("_bucket"));
    const nlohmann::json samples =
        nlohmann::json::parse(run_ember({"metrics", "--json"}, "", env).out);
    const nlohmann::json ok_calls = {{"name", "ember_invocations_total"},
                                     {"labels", {{"function", "echo"}, {"outcome", "ok"}}},
                                     {"value", 1.0}};
    CHECK(std::find(samples.begin(), samples.end(), ok_calls) != samples.end());
}

TEST_CASE("ember sends the token from EMBER_TOKEN or --token", "[kvm][e2e][cli]") {
    Daemon daemon(patient({{"auth", {{"admin_tokens", nlohmann::json::array({"adm"})}}}}));
    Environment env = server_of(daemon);
    const EmberRun refused = run_ember({"ls"}, "", env);
    CHECK(refused.status == 1);
    CHECK_THAT(refused.err, StartsWith("ember: unauthorized: ") && Contains("(HTTP 401)"));
    CHECK(run_ember({"ls", "--token", "adm"}, "", env).status == 0);
    env.emplace_back("EMBER_TOKEN", "adm");
    CHECK(run_ember({"ls"}, "", env).status == 0);
}

}  // namespace
}  // namespace ember::e2e
