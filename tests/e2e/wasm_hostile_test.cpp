// End-to-end: hostile Wasm modules (tests/guests/wasm_hostile) against a
// real emberd. Each attack ends with its own error inside the module's own
// sandbox (a trap, the deadline, a refused growth, a refused deploy), the
// same sandbox answers the next call from a clean state, and emberd keeps
// serving throughout.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Catch::Matchers::Contains;

// One sandbox per function, so that the call after an attack runs in the
// sandbox the attack used.
const std::string one_sandbox = "pool_min=1&pool_max=1&memory_mb=64";

std::string wasm_module(std::string_view name) {
    const std::string path = std::string(EMBER_GUEST_DIR) + "/" + std::string(name) + ".wasm";
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL(path << " is missing: it is built where wabt's wat2wasm is installed");
    return {std::istreambuf_iterator<char>(in), {}};
}

Response deploy_wasm(HttpClient& client, std::string_view name, const std::string& module,
                     std::string_view query = one_sandbox) {
    return client.request("PUT", "/v1/functions/" + std::string(name) + "?" + std::string(query),
                          module, {{"Content-Type", "application/wasm"}});
}

void deploy_wasm_ok(HttpClient& client, std::string_view name, std::string_view module,
                    std::string_view query = one_sandbox) {
    const Response response = deploy_wasm(client, name, wasm_module(module), query);
    INFO(name << ": " << response.summary());
    REQUIRE(response.status == 201);
}

std::string error_message(const Response& response) {
    return response.json()["error"].value("message", "");
}

// The handler traps with `trap`, and the same sandbox answers `ok` next.
void check_trap(HttpClient& client, std::string_view function, std::string_view handler,
                std::string_view trap) {
    const Response response = invoke(client, function, "x", "handler=" + std::string(handler));
    INFO(function << " " << handler << ": " << response.summary());
    check_error(response, 500, "guest_abort");
    CHECK_THAT(error_message(response),
               Contains("wasm trap: " + std::string(trap) + " in function "));
    CHECK_THAT(error_message(response), Contains(" at offset 0x"));
    const Response after = invoke(client, function, "", "handler=ok");
    CHECK(after.status == 200);
    CHECK(after.body == "ok");
}

// A reply of 4 or 8 little-endian bytes, as the modules write their numbers.
int64_t little_endian(const std::string& bytes) {
    uint64_t value = 0;
    for (std::size_t i = bytes.size(); i-- > 0;)
        value = value << 8 | static_cast<uint8_t>(bytes[i]);
    if (bytes.size() == 4) return static_cast<int32_t>(value);
    return static_cast<int64_t>(value);
}

int64_t call_number(HttpClient& client, std::string_view function, std::string_view handler,
                    std::string_view input = "x") {
    const Response response = invoke(client, function, input, "handler=" + std::string(handler));
    INFO(function << " " << handler << ": " << response.summary());
    REQUIRE(response.status == 200);
    return little_endian(response.body);
}

void leb128(std::string& out, uint64_t value) {
    do {
        uint8_t byte = value & 0x7f;
        value >>= 7;
        out += static_cast<char>(value ? byte | 0x80 : byte);
    } while (value);
}

void section(std::string& module, uint8_t id, const std::string& content) {
    module += static_cast<char>(id);
    leb128(module, content.size());
    module += content;
}

// A command module with `count` mutable i64 globals whose _start reads the last.
std::string many_globals(uint32_t count) {
    std::string module("\0asm\1\0\0\0", 8);
    section(module, 1, std::string("\x01\x60\x00\x00", 4));  // type 0: [] -> []
    section(module, 3, std::string("\x01\x00", 2));          // func 0: type 0
    std::string globals;
    leb128(globals, count);
    for (uint32_t i = 0; i < count; ++i) {
        globals += "\x7e\x01\x42";  // mut i64 = i64.const i
        leb128(globals, i & 0x3f);
        globals += '\x0b';
    }
    section(module, 6, globals);
    section(module, 7, std::string("\x01\x06_start\x00\x00", 10));
    std::string body("\x00\x23", 2);  // no locals; global.get
    leb128(body, count - 1);
    body += "\x1a\x0b";  // drop; end
    std::string code("\x01", 1);
    leb128(code, body.size());
    code += body;
    section(module, 10, code);
    return module;
}

TEST_CASE("Wasm traps end the call with their kind and place, and the next call is clean",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_wasm_ok(client, "traps", "w_traps");
    check_trap(client, "traps", "divide", "integer divide by zero");
    check_trap(client, "traps", "unreachable", "unreachable");
    check_trap(client, "traps", "out_of_bounds", "out of bounds memory access");
    check_trap(client, "traps", "indirect_mismatch", "indirect call type mismatch");
    check_trap(client, "traps", "indirect_null", "uninitialized element");

    // A reply that points outside linear memory is the module's error too.
    const Response bad_reply = invoke(client, "traps", "x", "handler=bad_reply");
    INFO(bad_reply.summary());
    CHECK(bad_reply.status == 500);
    CHECK(invoke(client, "traps", "", "handler=ok").body == "ok");
}

TEST_CASE("unbounded recursion in Wasm traps as call stack exhausted",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_wasm_ok(client, "recursion", "w_recursion");
    for (int round = 0; round < 3; ++round)
        check_trap(client, "recursion", "recurse", "call stack exhausted");
}

TEST_CASE("an infinite Wasm loop costs its deadline, and the sandbox serves on",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_wasm_ok(client, "spin", "w_spin", one_sandbox + "&timeout_ms=300");
    for (int round = 0; round < 2; ++round) {
        const Response response = invoke(client, "spin", "", "handler=spin");
        INFO(response.summary());
        check_error(response, 504, "timeout");
        const Response after = invoke(client, "spin", "", "handler=ok");
        CHECK(after.status == 200);
        CHECK(after.body == "ok");
    }
}

TEST_CASE("linear memory stays within memory_mb, and no call sees another's memory",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_wasm_ok(client, "memory", "w_memory", "pool_min=1&pool_max=1&memory_mb=32");
    // 4 GiB: far past memory_mb, refused as the spec allows.
    CHECK(call_number(client, "memory", "grow") == -1);
    // 16 more pages (1 MiB), written in full: fits.
    CHECK(call_number(client, "memory", "fill", std::string(1, '\x10')) == 17);
    // 255 more pages (16 MiB) fit in 32 MiB beside the runtime; the same
    // sandbox then starts over from one page.
    CHECK(call_number(client, "memory", "fill", std::string(1, '\xff')) == 256);
    CHECK(call_number(client, "memory", "fill", std::string(1, '\x01')) == 2);
    // What a call stores is gone for the next one.
    for (int round = 0; round < 3; ++round)
        CHECK(invoke(client, "memory", "\x7f", "handler=remember").body == std::string(1, '\0'));
}

TEST_CASE("tables and globals at the limits are refused or served, never fatal",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_wasm_ok(client, "tables", "w_tables");
    CHECK(call_number(client, "tables", "table_grow") == -1);
    for (int round = 0; round < 2; ++round)
        CHECK(call_number(client, "tables", "globals") == 3);

    const Response huge = deploy_wasm(client, "huge-table", wasm_module("w_huge_table"));
    INFO(huge.summary());
    check_error(huge, 422, "init_failed");

    const Response globals = deploy_wasm(client, "globals", many_globals(100000));
    INFO(globals.summary());
    REQUIRE(globals.status == 201);
    CHECK(invoke(client, "globals").status == 200);
    CHECK(invoke(client, "tables", "", "handler=ok").body == "ok");
}

TEST_CASE("malformed Wasm binaries are refused at deploy with the decoder's reason",
          "[kvm][e2e][wasm][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    const std::string good = wasm_module("w_traps");
    const struct {
        const char* what;
        std::string module;
        const char* reason;
    } cases[] = {
        {"only the magic", std::string("\0asm", 4), "unexpected end"},
        {"an unknown version", std::string("\0asm\2\0\0\0", 8), "unknown binary version"},
        {"cut in half", good.substr(0, good.size() / 2), ""},
        {"a section past the end", std::string("\0asm\1\0\0\0\x01\x7f", 10), ""},
    };
    for (const auto& c : cases) {
        const Response response = deploy_wasm(client, "broken", c.module);
        INFO(c.what << ": " << response.summary());
        check_error(response, 422, "init_failed");
        CHECK_THAT(error_message(response), Contains("wasm: invalid module: "));
        CHECK_THAT(error_message(response), Contains(c.reason));
    }
    deploy_wasm_ok(client, "traps", "w_traps");
    CHECK(invoke(client, "traps", "", "handler=ok").body == "ok");
}

}  // namespace
}  // namespace ember::e2e
