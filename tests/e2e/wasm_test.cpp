// End-to-end: WebAssembly modules deployed through emberd and run by the
// runner guest inside the VM: the same replies as their native twins, the
// reactor conventions, WASI's environment, traps and invalid modules.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/skip.hpp"

namespace ember::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// EMBER_GUEST_DIR/NAME.wasm; the case skips when it was not built.
std::string module_file(std::string_view name) {
    const auto path = std::filesystem::path(EMBER_GUEST_DIR) / (std::string(name) + ".wasm");
    if (!std::filesystem::exists(path))
        test::skip_test(path.string() + " was not built (no wasm32-wasi toolchain)");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

Response deploy_module(HttpClient& client, std::string_view name, const std::string& bytes,
                       std::string_view query = {}) {
    std::string target = "/v1/functions/";
    target += name;
    if (!query.empty()) {
        target += '?';
        target += query;
    }
    return client.request("PUT", target, bytes, {{"Content-Type", "application/wasm"}});
}

void deploy_module_ok(HttpClient& client, std::string_view name, std::string_view module,
                      std::string_view query = {}) {
    const Response response = deploy_module(client, name, module_file(module), query);
    INFO("deploy " << name << " from " << module << ".wasm: " << response.summary());
    REQUIRE(response.status == 201);
    CHECK(response.json().at("kind") == "wasm");
}

std::string error_message(const Response& response) {
    return response.json().at("error").at("message");
}

// Interpreted code under an emulated CPU (the CI's nested VMs) is slow: the
// bounds here are for that, not for timing anything.
DaemonOptions patient() {
    DaemonOptions options;
    options.config = {{"max_init_ms", 120000}};
    return options;
}

TEST_CASE("Wasm twins reply byte for byte what the native examples reply", "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    for (const char* example : {"wordcount", "sha256", "json_pretty"}) {
        deploy_ok(client, std::string("native-") + example, example);
        deploy_module_ok(client, std::string("wasm-") + example, example, "timeout_ms=60000");
    }
    std::string bytes;
    for (int i = 0; i < 3 * 256; ++i)
        bytes += static_cast<char>(i * 7 % 256);
    const std::vector<std::string> inputs = {
        "",
        "one two  three\nfour\tfive",
        bytes,
        R"({"name": "Ada", "langs": ["C", "Wasm"], "nested": {"deep": [1, 2.5e3, -0.1, true, null]}, "e": {}})",
        "[1, 2,",
        std::string(200 * 1024, 'x')};
    for (const char* example : {"wordcount", "sha256", "json_pretty"}) {
        for (const std::string& input : inputs) {
            const Response native = invoke(client, std::string("native-") + example, input);
            const Response wasm = invoke(client, std::string("wasm-") + example, input);
            INFO(example << " with " << input.size() << " bytes: native " << native.summary()
                         << ", wasm " << wasm.summary());
            CHECK(wasm.status == native.status);
            CHECK(wasm.body == native.body);
        }
    }
    // The JSON twin's 400 is its own status, through ember.set_status.
    CHECK(invoke(client, "wasm-json_pretty", "[1, 2,").status == 400);
}

TEST_CASE("a C++ module on libc++ runs", "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    deploy_module_ok(client, "wordfreq", "wordfreq", "memory_mb=64&timeout_ms=60000");
    const Response reply = invoke(client, "wordfreq", "the cat and the hat and the bat");
    INFO(reply.summary());
    CHECK(reply.status == 200);
    CHECK(reply.body == "3 the\n2 and\n1 bat\n1 cat\n1 hat\n");
}

TEST_CASE("a reactor's exports are handlers in both calling conventions", "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    deploy_module_ok(client, "textops", "textops", "timeout_ms=60000");
    const nlohmann::json described = client.request("GET", "/v1/functions/textops").json();
    CHECK(described.at("handlers") == nlohmann::json::array({"upper", "reverse"}));
    CHECK(described.at("default_handler") == "upper");

    CHECK(invoke(client, "textops", "quiet").body == "QUIET");
    const Response reversed = invoke(client, "textops", "stressed", "handler=reverse");
    INFO(reversed.summary());
    CHECK(reversed.status == 200);
    CHECK(reversed.body == "desserts");
    const Response record =
        client.request("GET", "/v1/invocations/" + reversed.header("x-ember-invocation-id"));
    CHECK(record.json().at("logs") == nlohmann::json::array({"reversed"}));
    CHECK(invoke(client, "textops", "", "handler=ember_alloc").status == 404);
}

TEST_CASE("WASI's environment is the function's env when config_get is allowed",
          "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    deploy_module_ok(client, "env", "t_wasm_env",
                     "host_functions=log,clock,random,config_get&timeout_ms=60000");
    const Response set =
        client.request("PUT", "/v1/functions/env/env", R"({"values": {"GREETING": "hi"}})",
                       {{"Content-Type", "application/json"}});
    REQUIRE(set.status == 201);
    CHECK(invoke(client, "env").body ==
          "argc=1 argv0=main\nenv GREETING=hi\nclock runs\nrandom differs\n");

    deploy_module_ok(client, "private", "t_wasm_env", "timeout_ms=60000");
    CHECK(invoke(client, "private").body == "argc=1 argv0=main\nclock runs\nrandom differs\n");
}

TEST_CASE("traps, exits, exhaustion and endless loops end the call, and the next is clean",
          "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    deploy_module_ok(client, "faults", "t_wasm_faults", "timeout_ms=5000");
    const auto clean = [&] {
        const Response next = invoke(client, "faults", "", "handler=count");
        INFO(next.summary());
        CHECK(next.status == 200);
        CHECK(next.body == "1");
    };

    const Response divide = invoke(client, "faults", "", "handler=divide");
    check_error(divide, 500, "guest_abort");
    CHECK_THAT(error_message(divide), Contains("wasm trap: integer divide by zero in function ") &&
                                          Contains(" at offset 0x"));
    clean();

    const Response recurse = invoke(client, "faults", "", "handler=recurse");
    check_error(recurse, 500, "guest_abort");
    CHECK_THAT(error_message(recurse), Contains("wasm trap: call stack exhausted"));
    clean();

    const Response exit7 = invoke(client, "faults", "", "handler=exit7");
    check_error(exit7, 500, "guest_abort");
    CHECK_THAT(error_message(exit7), Contains("wasm: exited with code 7"));
    clean();

    const Response grow = invoke(client, "faults", "", "handler=grow");
    CHECK(grow.status == 200);
    CHECK(grow.body == "-1");
    clean();

    // Past its 5 s: the deadline ends a loop that never returns.
    const Response spin = invoke(client, "faults", "", "handler=spin");
    check_error(spin, 504, "timeout");
    clean();
}

// (module (func (result i32) i32.const 0 i64.const 0 i32.add))
const std::string type_mismatch(
    "\0asm\1\0\0\0"
    "\x01\x05\x01\x60\x00\x01\x7f"
    "\x03\x02\x01\x00"
    "\x0a\x09\x01\x07\x00\x41\x00\x42\x00\x6a\x0b",
    8 + 7 + 4 + 11);

// (module (import "env" "foo" (func)))
const std::string imports_env_foo(
    "\0asm\1\0\0\0"
    "\x01\x04\x01\x60\x00\x00"
    "\x02\x0b\x01\x03"
    "env\x03"
    "foo\x00\x00",
    8 + 6 + 13);

TEST_CASE("an invalid module is 422 with the validator's message", "[kvm][e2e][wasm]") {
    Daemon daemon(patient());
    HttpClient client = daemon.client(std::chrono::seconds(120));
    const Response invalid = deploy_module(client, "bad", type_mismatch);
    check_error(invalid, 422, "init_failed");
    CHECK_THAT(error_message(invalid), Contains("wasm: invalid module: type mismatch"));

    const Response unknown = deploy_module(client, "bad", imports_env_foo);
    check_error(unknown, 422, "init_failed");
    CHECK_THAT(error_message(unknown), Contains("wasm: unknown import env.foo"));

    const Response truncated = deploy_module(client, "bad", type_mismatch.substr(0, 20));
    check_error(truncated, 422, "init_failed");
    CHECK_THAT(error_message(truncated), Contains("wasm: invalid module: "));
    CHECK(client.request("GET", "/v1/functions/bad").status == 404);
}

}  // namespace
}  // namespace ember::e2e
