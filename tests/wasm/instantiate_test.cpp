// Instantiation: imports checked by extern subtyping, segments written in
// order until one traps (and what was written stays), the start function's
// trap, and the store's memory limit.
#include <string.h>

#include <catch2/catch.hpp>
#include <string>

#include "wasm/engine/engine.hpp"

namespace {

using namespace ember::wasm;

// (module
//   (import "host" "table" (table 3 funcref))
//   (import "host" "memory" (memory 1))
//   (func $f (result i32) (i32.const 7))
//   (elem (i32.const 0) $f)
//   (data (i32.const 0) "ab")
//   (data (i32.const 65535) "cd"))
const uint8_t segments_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    0x02, 0x1f, 0x02, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01,
    0x70, 0x00, 0x03, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79,
    0x02, 0x00, 0x01, 0x03, 0x02, 0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01,
    0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b, 0x0b, 0x11, 0x02, 0x00, 0x41, 0x00,
    0x0b, 0x02, 0x61, 0x62, 0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x02, 0x63, 0x64,
};

// (module
//   (memory (export "memory") 1)
//   (data (i32.const 0) "x")
//   (func $start (i32.store8 (i32.const 1) (i32.const 121)) (unreachable))  ;; at 0x33
//   (start $start))
const uint8_t start_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x0a, 0x01, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
    0x79, 0x02, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x41, 0x01, 0x41, 0xf9, 0x00,
    0x3a, 0x00, 0x00, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x78,
};

struct Loaded {
    template <size_t N>
    explicit Loaded(const uint8_t (&bytes)[N], StoreConfig config = {}) : store(store_new(config)) {
        Error error;
        module = module_load(bytes, N, error);
        INFO(error.message);
        REQUIRE(module != nullptr);
    }
    ~Loaded() {
        store_free(store);
        module_free(module);
    }
    Loaded(const Loaded&) = delete;
    Loaded& operator=(const Loaded&) = delete;

    Store* store;
    Module* module = nullptr;
};

bool starts_with(const char* s, const char* prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

TEST_CASE("segments are written in order until one is out of bounds, and the earlier ones stay") {
    Loaded loaded(segments_wasm);
    Table* table = table_new(loaded.store, TableType{ValType::funcref, Limits{3, 0, false}}, 0);
    Memory* memory = memory_new(loaded.store, MemoryType{Limits{1, 0, false}});
    Extern imports[] = {{ExternKind::table, table}, {ExternKind::memory, memory}};
    Error error;
    Trap trap;
    CHECK(instantiate(loaded.store, loaded.module, imports, 2, error, &trap) == nullptr);
    CHECK(error.kind == ErrorKind::uninstantiable);
    CHECK(starts_with(error.message, "out of bounds memory access"));
    CHECK(trap.kind == TrapKind::out_of_bounds_memory_access);
    CHECK(memcmp(memory_data(memory), "ab", 2) == 0);
}

TEST_CASE("imports match by extern subtyping of their limits") {
    Loaded loaded(segments_wasm);
    Memory* memory = memory_new(loaded.store, MemoryType{Limits{1, 0, false}});
    Error error;

    Table* small = table_new(loaded.store, TableType{ValType::funcref, Limits{2, 0, false}}, 0);
    Extern too_small[] = {{ExternKind::table, small}, {ExternKind::memory, memory}};
    CHECK(instantiate(loaded.store, loaded.module, too_small, 2, error) == nullptr);
    CHECK(error.kind == ErrorKind::unlinkable);
    CHECK(starts_with(error.message, "incompatible import type"));

    Error kind_error;
    Extern swapped[] = {{ExternKind::memory, memory}, {ExternKind::memory, memory}};
    CHECK(instantiate(loaded.store, loaded.module, swapped, 2, kind_error) == nullptr);
    CHECK(kind_error.kind == ErrorKind::unlinkable);
}

TEST_CASE("a trap in the start function fails instantiation, with its place") {
    Loaded loaded(start_wasm);
    Error error;
    Trap trap;
    CHECK(instantiate(loaded.store, loaded.module, nullptr, 0, error, &trap) == nullptr);
    CHECK(error.kind == ErrorKind::uninstantiable);
    CHECK(starts_with(error.message, "unreachable"));
    CHECK(trap.kind == TrapKind::unreachable);
    CHECK(trap.function == 0);
    CHECK(trap.offset == 0x33);
}

TEST_CASE("a memory whose minimum exceeds the store's limit fails instantiation") {
    StoreConfig config;
    config.memory_limit_bytes = page_size / 2;
    Loaded loaded(start_wasm, config);
    Error error;
    CHECK(instantiate(loaded.store, loaded.module, nullptr, 0, error) == nullptr);
    CHECK(error.kind == ErrorKind::uninstantiable);
}

}  // namespace
