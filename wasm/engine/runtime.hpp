// The run-time objects behind engine.hpp's opaque pointers: functions,
// tables, memories, globals, instances, and the store that owns them all
// (each lives until store_free) and holds the interpreter's stacks.
#pragma once

#include "wasm/engine/code.hpp"
#include "wasm/engine/engine.hpp"

namespace ember::wasm {

struct Func {
    const FuncType* type = nullptr;
    Instance* instance = nullptr;            // a Wasm function's; null for a host function
    const CompiledFunction* code = nullptr;  // a Wasm function's
    HostFunction host = nullptr;
    void* host_context = nullptr;
    FuncType host_type;  // a host function's own type (`type` points here)
};

struct Table {
    TableType type;  // limits.min is the current size
    Slot* elements = nullptr;
    uint32_t size = 0;
    uint32_t max = 0;  // the declared maximum, or the engine's bound
};

struct Memory {
    MemoryType type;
    uint8_t* data = nullptr;
    uint64_t size = 0;       // bytes, a multiple of page_size
    uint64_t max_pages = 0;  // the declared maximum, or the spec's
    Store* store = nullptr;
};

struct Global {
    GlobalType type;
    Slot value = 0;
};

class Instance {
  public:
    const Module* module = nullptr;
    Vec<Func*> funcs;  // the index spaces, imports first
    Vec<Table*> tables;
    Vec<Memory*> memories;
    Vec<Global*> globals;
    Vec<Vec<Slot>> elements;  // each segment's references; empty once dropped
    Vec<bool> data_dropped;
    Memory* memory0 = nullptr;  // memories[0], or an empty memory without one
};

// A Wasm frame below the running one: where to continue when it returns.
struct CallFrame {
    const uint32_t* pc;
    Slot* fp;
    const CompiledFunction* function;
    Instance* instance;
};

class Store {
  public:
    StoreConfig config;
    MemoryAllocator allocator;
    uint64_t memory_bytes = 0;  // all linear memory of the store together

    // The interpreter's stacks. A host function that calls back into Wasm
    // (invoke) continues above the part in use.
    Slot* stack = nullptr;
    Slot* stack_end = nullptr;
    Slot* stack_in_use = nullptr;
    CallFrame* frames = nullptr;
    uint32_t frames_in_use = 0;

    Vec<Func*> funcs;
    Vec<Table*> tables;
    Vec<Memory*> memories;
    Vec<Global*> globals;
    Vec<Instance*> instances;
    Memory empty_memory;
};

// Resizes a memory to `pages`; false (and no change) past its maximum, the
// store's limit, or when the allocator fails.
bool memory_grow_to(Memory& memory, uint64_t pages);
// Grows a table by `delta` elements set to `init`; false past its maximum.
bool table_grow_by(Table& table, uint64_t delta, Slot init);

Func* func_new_wasm(Store* store, Instance* instance, const Module& module, uint32_t index);

// Calls host function `func` for Wasm code of `caller`; its trap, if any
// (host_call.cpp).
Trap host_call(Store& store, Func& func, Instance* caller, Slot* args, Slot* results);
// Invokes host function `func` from outside Wasm, on the store's stack.
Trap invoke_host(Store& store, Func& func, const Slot* args, Slot* results);

// Runs `func` on the store's stacks: `args` in, `results` out.
Trap interpret(Store& store, Func& func, const Slot* args, Slot* results);

}  // namespace ember::wasm
