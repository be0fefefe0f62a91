// The engine's public face: load a module (decode, validate, compile),
// instantiate it against imports, call its exports. Used by the runner guest
// (wasm/runner), the spec-test executor and the host tools alike.
//
// Objects belong to a Store and live until it is freed; nothing is shared
// between stores. Not thread-safe: one thread per store.
#pragma once

#include "wasm/engine/error.hpp"
#include "wasm/engine/module.hpp"
#include "wasm/engine/trap.hpp"

namespace ember::wasm {

// Decodes, validates and compiles. Returns null with `error` set (malformed
// or invalid). The module copies `bytes`.
Module* module_load(const uint8_t* bytes, size_t size, Error& error);
void module_free(Module* module);

// Where linear memory lives. The host build's default reallocs; the runner
// guest reserves the rest of its heap, so growth never moves memory.
struct MemoryAllocator {
    // Returns memory of `new_bytes` whose first `old_bytes` are `base`'s
    // and the rest zero, or null when it cannot (memory.grow then fails).
    uint8_t* (*grow)(void* context, uint8_t* base, uint64_t old_bytes, uint64_t new_bytes);
    void (*release)(void* context, uint8_t* base);
    void* context;
};

struct StoreConfig {
    // Bound on all linear memory of the store together: memory.grow beyond
    // it returns -1, and a module whose minimum exceeds it fails to
    // instantiate.
    uint64_t memory_limit_bytes = 1ull << 30;
    // Bound on the Wasm call depth and on the value stack (in slots): the
    // trap call_stack_exhausted past either.
    uint32_t max_call_depth = 10000;
    uint64_t value_stack_slots = 1u << 20;
    const MemoryAllocator* allocator = nullptr;  // null: malloc/realloc
};

class Store;
class Instance;
struct Func;
struct Table;
struct Memory;
struct Global;

Store* store_new(const StoreConfig& config);
void store_free(Store* store);

// An import or export: one of the four kinds of objects.
struct Extern {
    ExternKind kind = ExternKind::func;
    void* object = nullptr;  // Func*, Table*, Memory* or Global*
};

// A function the embedder provides. `args` and `results` follow the
// function's type. Return false to trap, with `trap` filled.
struct HostContext {
    Store* store;
    Instance* caller;  // the instance whose code made the call
    Trap trap;
};
using HostFunction = bool (*)(void* context, HostContext& call, const Slot* args, Slot* results);

Func* func_new_host(Store* store, const ValType* params, uint32_t param_count,
                    const ValType* results, uint32_t result_count, HostFunction fn, void* context);
Global* global_new(Store* store, GlobalType type, Slot value);
// Null when `limits` exceeds what the store allows.
Table* table_new(Store* store, TableType type, Slot initial);
Memory* memory_new(Store* store, MemoryType type);

// Resolves `imports` (in the module's import order) and runs the module's
// initialisation: globals, element and data segments, then the start
// function. Null with `error` set when an import does not match
// (unlinkable) or a trap happened (uninstantiable: error.message holds the
// trap's text, and `trap` the trap, when given). As the spec says, segments
// written before a trap stay written.
Instance* instantiate(Store* store, const Module* module, const Extern* imports,
                      uint32_t import_count, Error& error, Trap* trap = nullptr);

const Module& instance_module(const Instance* instance);
bool instance_export(const Instance* instance, const char* name, size_t name_len, Extern& out);
// The instance's memory 0, or null.
Memory* instance_memory(const Instance* instance);

// Calls `func` with `args` (its parameter count), writing its results.
// Returns the trap, or a Trap of kind none.
Trap invoke(Store* store, Func* func, const Slot* args, Slot* results);

const FuncType& func_type(const Func* func);

uint8_t* memory_data(Memory* memory);
uint64_t memory_size(const Memory* memory);  // bytes

GlobalType global_type(const Global* global);
Slot global_get(const Global* global);

}  // namespace ember::wasm
