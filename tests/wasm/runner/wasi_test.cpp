// WASI preview1 as the runner offers it, on the host engine: standard
// streams, arguments, environment, clock, randomness, exit, and the imports
// it refuses.
#include "wasm/runner/wasi.hpp"

#include <catch2/catch.hpp>

#include "tests/wasm/runner/wasm_module_fixture.hpp"

namespace ember::wasm::test {
namespace {

using Catch::Matchers::StartsWith;

TEST_CASE("a command reads stdin and writes stdout", "[wasm_runner]") {
    ModuleRun run(module_file("wordcount"));
    REQUIRE(run.handlers.is_command);
    REQUIRE(run.handlers.count == 1);
    CHECK(std::string(run.handlers.handlers[0].name) == "_start");
    CHECK_FALSE(run.call("_start", "one two  three\nfour"));
    CHECK(run.host.output == "4");
}

TEST_CASE("arguments, environment, clock and randomness come from the host", "[wasm_runner]") {
    static const char environment[] = "GREETING=hi\0MODE=test";
    ModuleRun run(module_file("t_wasm_env"), WasiStrings{environment, sizeof environment, 2});
    CHECK_FALSE(run.call("_start"));
    CHECK(run.host.output ==
          "argc=1 argv0=main\nenv GREETING=hi\nenv MODE=test\nclock runs\nrandom differs\n");
    CHECK(run.host.random_counter > 0);
}

TEST_CASE("stderr is logged a line at a time, the rest at the call's end", "[wasm_runner]") {
    ModuleRun run(module_file("t_wasm_faults"));
    CHECK_FALSE(run.call("stderr"));
    CHECK(run.host.output == "ok");
    CHECK(run.host.logs == std::vector<std::string>{"line one", "line two"});
}

TEST_CASE("proc_exit ends the computation with its code", "[wasm_runner]") {
    ModuleRun run(module_file("t_wasm_faults"));
    const Trap trap = run.call("exit7");
    CHECK(trap.kind == TrapKind::exit);
    CHECK(trap.exit_code == 7);
    CHECK(run.host.output == "before exit\n");
}

TEST_CASE("a trap names its kind, function and offset", "[wasm_runner]") {
    ModuleRun run(module_file("t_wasm_faults"));
    const Trap trap = run.call("divide");
    CHECK(trap.kind == TrapKind::integer_divide_by_zero);
    char text[256];
    format_trap(trap, text, sizeof text);
    CHECK_THAT(text, StartsWith("wasm trap: integer divide by zero in function "));
}

TEST_CASE("recursion without end exhausts the call stack", "[wasm_runner]") {
    ModuleRun run(module_file("t_wasm_faults"));
    CHECK(run.call("recurse").kind == TrapKind::call_stack_exhausted);
}

TEST_CASE("memory.grow past the store's limit returns -1", "[wasm_runner]") {
    ModuleRun run(module_file("t_wasm_faults"), {}, 16ull << 20);
    CHECK_FALSE(run.call("grow"));
    CHECK(run.host.output == "-1");
}

TEST_CASE("a full reply is ENOSPC, not a partial write stdio retries for ever", "[wasm_runner]") {
    ModuleRun run(module_file("wordfreq"));
    run.host.output_capacity = 4;
    CHECK_FALSE(run.call("_start", "b a b"));
    CHECK(run.host.output == "2 b\n");
}

TEST_CASE("a reactor's handlers: () -> () and (ptr, len) -> i64 with ember_alloc",
          "[wasm_runner]") {
    ModuleRun run(module_file("textops"));
    CHECK_FALSE(run.handlers.is_command);
    REQUIRE(run.handlers.count == 2);
    CHECK(std::string(run.handlers.handlers[0].name) == "upper");
    CHECK(run.handlers.handlers[0].kind == HandlerKind::stream);
    CHECK(std::string(run.handlers.handlers[1].name) == "reverse");
    CHECK(run.handlers.handlers[1].kind == HandlerKind::buffer);
    REQUIRE(run.handlers.alloc != nullptr);
    CHECK_FALSE(run.call("upper", "shout, please"));
    CHECK(run.host.output == "SHOUT, PLEASE");
}

// (module (type (func)) (import "env" "foo" (func (type 0))))
const std::vector<uint8_t> imports_env_foo = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                              // magic, version
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                                          // type () -> ()
    0x02, 0x0b, 0x01, 0x03, 'e',  'n',  'v',  0x03, 'f', 'o', 'o', 0x00, 0x00};  // import

TEST_CASE("an import outside WASI and the ember module is unknown", "[wasm_runner]") {
    Error error;
    Module* module = module_load(imports_env_foo.data(), imports_env_foo.size(), error);
    INFO(error.message);
    REQUIRE(module != nullptr);
    Store* store = store_new(StoreConfig{});
    RecordingHost host;
    Wasi wasi(host, {}, {});
    Vec<Extern> imports;
    CHECK_FALSE(wasi.link(store, *module, imports, error));
    CHECK(error.kind == ErrorKind::unlinkable);
    CHECK(std::string(error.message) == "unknown import env.foo");
    store_free(store);
    module_free(module);
}

}  // namespace
}  // namespace ember::wasm::test
