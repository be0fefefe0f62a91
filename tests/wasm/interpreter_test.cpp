// The interpreter through engine.hpp: calls, multiple results, loops, traps
// with their place, the limits of the call stack and of memory, host
// functions, and calls between instances through imports and tables.
#include "wasm/engine/engine.hpp"

#include <string.h>

#include <catch2/catch.hpp>
#include <string>

namespace {

using namespace ember::wasm;

// (module
//   (func $fib (export "fib") (param i32) (result i32)
//     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
//       (then (local.get 0))
//       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
//                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
//   (func (export "div") (param i32 i32) (result i32)
//     (i32.div_s (local.get 0) (local.get 1)))               ;; i32.div_s at 0x76
//   (func $down (export "recurse") (param i32) (result i32)
//     (call $down (i32.add (local.get 0) (i32.const 1))))   ;; call at 0x7f
//   (func (export "swap") (param i32 i64) (result i64 i32)
//     (local.get 1) (local.get 0))
//   (func (export "sum") (param i32) (result i64) (local i64)
//     (block (loop
//       (br_if 1 (i32.eqz (local.get 0)))
//       (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
//       (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
//       (br 0)))
//     (local.get 1)))
const uint8_t fib_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x18, 0x04, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7e, 0x02, 0x7e, 0x7f, 0x60, 0x01, 0x7f,
    0x01, 0x7e, 0x03, 0x06, 0x05, 0x00, 0x01, 0x00, 0x02, 0x03, 0x07, 0x24, 0x05, 0x03, 0x66, 0x69,
    0x62, 0x00, 0x00, 0x03, 0x64, 0x69, 0x76, 0x00, 0x01, 0x07, 0x72, 0x65, 0x63, 0x75, 0x72, 0x73,
    0x65, 0x00, 0x02, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x03, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x04,
    0x0a, 0x5a, 0x05, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20, 0x00, 0x05, 0x20,
    0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6b, 0x10, 0x00, 0x6a, 0x0b, 0x0b,
    0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x10,
    0x02, 0x0b, 0x06, 0x00, 0x20, 0x01, 0x20, 0x00, 0x0b, 0x22, 0x01, 0x01, 0x7e, 0x02, 0x40, 0x03,
    0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x00, 0xad, 0x7c, 0x21, 0x01, 0x20, 0x00,
    0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b,
};

// (module
//   (memory (export "memory") 1 4)
//   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
//   (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
//   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
//   (func (export "load_sum") (param i32 i32) (result i32)
//     (i32.load offset=4 (i32.add (local.get 0) (local.get 1)))))
const uint8_t memory_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x00,
    0x01, 0x02, 0x05, 0x04, 0x01, 0x01, 0x01, 0x04, 0x07, 0x2b, 0x05, 0x06, 0x6d, 0x65, 0x6d, 0x6f,
    0x72, 0x79, 0x02, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x04, 0x6c, 0x6f, 0x61, 0x64,
    0x00, 0x01, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x02, 0x08, 0x6c, 0x6f, 0x61, 0x64, 0x5f,
    0x73, 0x75, 0x6d, 0x00, 0x03, 0x0a, 0x25, 0x04, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x28, 0x02, 0x04, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00,
    0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x28, 0x02, 0x04, 0x0b,
};

// (module
//   (import "host" "twice" (func $twice (param i32) (result i32)))
//   (table (export "table") 2 funcref)
//   (func $add1 (export "add1") (param i32) (result i32)
//     (call $twice (i32.add (local.get 0) (i32.const 1))))
//   (elem (i32.const 0) $add1))
const uint8_t link_a_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x02, 0x0e, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x05, 0x74, 0x77, 0x69,
    0x63, 0x65, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x02,
    0x07, 0x10, 0x02, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x04, 0x61, 0x64,
    0x64, 0x31, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01, 0x0a,
    0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x10, 0x00, 0x0b,
};

// (module
//   (type $t (func (param i32) (result i32)))
//   (import "a" "table" (table 2 funcref))
//   (func (export "call") (param i32 i32) (result i32)
//     (call_indirect (type $t) (local.get 1) (local.get 0))))
const uint8_t link_b_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x01, 0x61, 0x05, 0x74, 0x61, 0x62, 0x6c,
    0x65, 0x01, 0x70, 0x00, 0x02, 0x03, 0x02, 0x01, 0x01, 0x07, 0x08, 0x01, 0x04, 0x63, 0x61, 0x6c,
    0x6c, 0x00, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x01, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b,
};

// A store and its modules, freed together.
struct Engine {
    explicit Engine(StoreConfig config = {}) : store(store_new(config)) {}
    ~Engine() {
        store_free(store);
        for (Module* m : modules)
            module_free(m);
    }
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    Instance* load(const uint8_t* bytes, size_t size, const Extern* imports = nullptr,
                   uint32_t import_count = 0) {
        Error error;
        Module* module = module_load(bytes, size, error);
        INFO(error.message);
        REQUIRE(module != nullptr);
        modules[count++] = module;
        Instance* instance = instantiate(store, module, imports, import_count, error);
        INFO(error.message);
        REQUIRE(instance != nullptr);
        return instance;
    }

    Store* store;
    Module* modules[4] = {};
    size_t count = 0;
};

Extern exported(Instance* instance, const char* name) {
    Extern e;
    REQUIRE(instance_export(instance, name, strlen(name), e));
    return e;
}

Func* func(Instance* instance, const char* name) {
    Extern e = exported(instance, name);
    REQUIRE(e.kind == ExternKind::func);
    return static_cast<Func*>(e.object);
}

std::string trap_text(const Trap& trap) {
    char text[160];
    format_trap(trap, text, sizeof text);
    return text;
}

TEST_CASE("recursive calls return through overlapping frames") {
    Engine engine;
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot args[] = {20};
    Slot result = 0;
    REQUIRE_FALSE(invoke(engine.store, func(instance, "fib"), args, &result));
    CHECK(result == 6765);
}

TEST_CASE("a loop with a conditional exit and locals") {
    Engine engine;
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot args[] = {100000};
    Slot result = 0;
    REQUIRE_FALSE(invoke(engine.store, func(instance, "sum"), args, &result));
    CHECK(result == 5000050000ull);
}

TEST_CASE("a function returns several values in order") {
    Engine engine;
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot args[] = {7, 0x100000000ull};
    Slot results[2] = {};
    REQUIRE_FALSE(invoke(engine.store, func(instance, "swap"), args, results));
    CHECK(results[0] == 0x100000000ull);
    CHECK(results[1] == 7);
}

TEST_CASE("a trap names its kind, function and the instruction's offset") {
    Engine engine;
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot result = 0;
    Slot by_zero[] = {1, 0};
    Trap trap = invoke(engine.store, func(instance, "div"), by_zero, &result);
    CHECK(trap.kind == TrapKind::integer_divide_by_zero);
    CHECK(trap_text(trap) == "wasm trap: integer divide by zero in function 1 at offset 0x76");
    Slot overflow[] = {0x80000000u, 0xffffffffu};
    CHECK(invoke(engine.store, func(instance, "div"), overflow, &result).kind ==
          TrapKind::integer_overflow);
    Slot fine[] = {0xfffffff9u, 2};  // -7 / 2
    REQUIRE_FALSE(invoke(engine.store, func(instance, "div"), fine, &result));
    CHECK(result == 0xfffffffdu);
}

TEST_CASE("unbounded recursion ends in call_stack_exhausted, and the store stays usable") {
    StoreConfig config;
    config.max_call_depth = 500;
    Engine engine(config);
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot args[] = {0};
    Slot result = 0;
    Trap trap = invoke(engine.store, func(instance, "recurse"), args, &result);
    CHECK(trap.kind == TrapKind::call_stack_exhausted);
    CHECK(trap_text(trap) == "wasm trap: call stack exhausted in function 2 at offset 0x7f");
    Slot ten[] = {10};
    REQUIRE_FALSE(invoke(engine.store, func(instance, "fib"), ten, &result));
    CHECK(result == 55);
}

TEST_CASE("a small value stack ends deep recursion too") {
    StoreConfig config;
    config.value_stack_slots = 1000;
    Engine engine(config);
    Instance* instance = engine.load(fib_wasm, sizeof fib_wasm);
    Slot args[] = {0};
    Slot result = 0;
    CHECK(invoke(engine.store, func(instance, "recurse"), args, &result).kind ==
          TrapKind::call_stack_exhausted);
}

TEST_CASE("memory grows within its maximum and the store's limit, else -1") {
    StoreConfig config;
    config.memory_limit_bytes = 3 * page_size;
    Engine engine(config);
    Instance* instance = engine.load(memory_wasm, sizeof memory_wasm);
    Func* grow = func(instance, "grow");
    Slot result = 0;
    Slot one[] = {1};
    REQUIRE_FALSE(invoke(engine.store, grow, one, &result));
    CHECK(result == 1);
    Slot two[] = {2};  // 4 pages is the module's maximum, but the limit is 3
    REQUIRE_FALSE(invoke(engine.store, grow, two, &result));
    CHECK(result == 0xffffffffu);
    Slot huge[] = {0xffffffffu};
    REQUIRE_FALSE(invoke(engine.store, grow, huge, &result));
    CHECK(result == 0xffffffffu);
    CHECK(memory_size(instance_memory(instance)) == 2 * page_size);
}

TEST_CASE("memory accesses are bounds-checked with the offset, without wrapping") {
    Engine engine;
    Instance* instance = engine.load(memory_wasm, sizeof memory_wasm);
    Slot result = 0;
    Slot store_args[] = {page_size - 4, 0x12345678};
    REQUIRE_FALSE(invoke(engine.store, func(instance, "store"), store_args, nullptr));
    Slot at[] = {page_size - 8};
    REQUIRE_FALSE(invoke(engine.store, func(instance, "load"), at, &result));
    CHECK(result == 0x12345678);
    Slot past[] = {page_size - 7};
    CHECK(invoke(engine.store, func(instance, "load"), past, &result).kind ==
          TrapKind::out_of_bounds_memory_access);
    Slot wrapping[] = {0xfffffffcu};  // + offset 4 wraps in 32 bits
    CHECK(invoke(engine.store, func(instance, "load"), wrapping, &result).kind ==
          TrapKind::out_of_bounds_memory_access);

    // The load adds its address (i32.add wraps) and then its offset (never wraps).
    Func* load_sum = func(instance, "load_sum");
    Slot wrapped_sum[] = {0xfffffff0u, 0x10};
    REQUIRE_FALSE(invoke(engine.store, load_sum, wrapped_sum, &result));
    CHECK(result == 0);
    Slot sum_past_end[] = {0xfffffff0u, 0x0c};
    CHECK(invoke(engine.store, load_sum, sum_past_end, &result).kind ==
          TrapKind::out_of_bounds_memory_access);
    Slot sum_in_bounds[] = {page_size - 10, 2};
    REQUIRE_FALSE(invoke(engine.store, load_sum, sum_in_bounds, &result));
    CHECK(result == 0x12345678);
}

bool twice(void* context, HostContext& call, const Slot* args, Slot* results) {
    ++*static_cast<int*>(context);
    if (args[0] == 100) {
        call.trap.kind = TrapKind::host;
        call.trap.host_message = "the host refuses 100";
        return false;
    }
    results[0] = args[0] * 2;
    return true;
}

TEST_CASE("instances call each other through imports and a shared table") {
    Engine engine;
    int calls = 0;
    const ValType i32[] = {ValType::i32};
    Extern host{ExternKind::func, func_new_host(engine.store, i32, 1, i32, 1, twice, &calls)};
    Instance* a = engine.load(link_a_wasm, sizeof link_a_wasm, &host, 1);
    Extern table = exported(a, "table");
    Instance* b = engine.load(link_b_wasm, sizeof link_b_wasm, &table, 1);
    Func* call = func(b, "call");
    Slot result = 0;
    Slot args[] = {0, 20};  // table[0] is a's add1: (20 + 1) * 2
    REQUIRE_FALSE(invoke(engine.store, call, args, &result));
    CHECK(result == 42);
    CHECK(calls == 1);

    Slot refused[] = {0, 99};
    Trap trap = invoke(engine.store, call, refused, &result);
    CHECK(trap.kind == TrapKind::host);
    CHECK(trap_text(trap).rfind("wasm trap: the host refuses 100 in function 1 at offset", 0) == 0);

    Slot null_entry[] = {1, 0};
    CHECK(invoke(engine.store, call, null_entry, &result).kind == TrapKind::uninitialized_element);
    Slot past_end[] = {2, 0};
    CHECK(invoke(engine.store, call, past_end, &result).kind == TrapKind::undefined_element);
}

TEST_CASE("an import of the wrong type is unlinkable") {
    Engine engine;
    int calls = 0;
    const ValType i64[] = {ValType::i64};
    Extern host{ExternKind::func, func_new_host(engine.store, i64, 1, i64, 1, twice, &calls)};
    Error error;
    Module* module = module_load(link_a_wasm, sizeof link_a_wasm, error);
    REQUIRE(module != nullptr);
    engine.modules[engine.count++] = module;
    CHECK(instantiate(engine.store, module, &host, 1, error) == nullptr);
    CHECK(error.kind == ErrorKind::unlinkable);
    CHECK(std::string(error.message).rfind("incompatible import type", 0) == 0);
}

// A host function that calls back into Wasm: fib of its argument, or a
// division by zero for 0, whose trap it passes on.
bool call_back(void* context, HostContext& call, const Slot* args, Slot* results) {
    auto* funcs = static_cast<Func**>(context);
    if (args[0] == 0) {
        Slot by_zero[] = {1, 0};
        call.trap = invoke(call.store, funcs[1], by_zero, results);
        return !call.trap;
    }
    call.trap = invoke(call.store, funcs[0], args, results);
    return !call.trap;
}

TEST_CASE("a host function may call back into Wasm, whose frames stack above the caller's") {
    Engine engine;
    Instance* fib = engine.load(fib_wasm, sizeof fib_wasm);
    Func* targets[] = {func(fib, "fib"), func(fib, "div")};
    const ValType i32[] = {ValType::i32};
    Extern host{ExternKind::func, func_new_host(engine.store, i32, 1, i32, 1, call_back, targets)};
    Instance* a = engine.load(link_a_wasm, sizeof link_a_wasm, &host, 1);
    Slot result = 0;
    Slot nine[] = {9};  // add1(9) = fib(10)
    REQUIRE_FALSE(invoke(engine.store, func(a, "add1"), nine, &result));
    CHECK(result == 55);

    Slot minus_one[] = {0xffffffffu};  // add1(-1) divides by zero inside the callback
    CHECK(invoke(engine.store, func(a, "add1"), minus_one, &result).kind ==
          TrapKind::integer_divide_by_zero);
    REQUIRE_FALSE(invoke(engine.store, func(a, "add1"), nine, &result));
    CHECK(result == 55);
}

}  // namespace
