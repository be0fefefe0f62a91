// The store and the objects it owns: functions, tables, memories, globals;
// memory and table growth; the accessors of engine.hpp.
#include "wasm/engine/runtime.hpp"

namespace ember::wasm {

namespace {

// The engine's own bound on a table's length, whatever the module declares:
// 8 bytes an element, so at most 80 MB.
constexpr uint64_t max_table_elements = 10'000'000;

uint8_t* default_grow(void*, uint8_t* base, uint64_t old_bytes, uint64_t new_bytes) {
    // calloc's large blocks come zeroed from the system, untouched.
    if (!base) return static_cast<uint8_t*>(calloc(new_bytes, 1));
    auto* fresh = static_cast<uint8_t*>(realloc(base, new_bytes));
    if (!fresh) return nullptr;
    memset(fresh + old_bytes, 0, new_bytes - old_bytes);
    return fresh;
}

void default_release(void*, uint8_t* base) {
    free(base);
}

template <class T>
T* allocate(size_t count) {
    auto* p = static_cast<T*>(calloc(count ? count : 1, sizeof(T)));
    if (!p) out_of_memory();
    return p;
}

}  // namespace

Store* store_new(const StoreConfig& config) {
    Store* store = new Store();
    store->config = config;
    store->allocator = config.allocator ? *config.allocator
                                        : MemoryAllocator{default_grow, default_release, nullptr};
    store->stack = allocate<Slot>(config.value_stack_slots);
    store->stack_end = store->stack + config.value_stack_slots;
    store->stack_in_use = store->stack;
    store->frames = allocate<CallFrame>(config.max_call_depth);
    store->empty_memory.store = store;
    return store;
}

void store_free(Store* store) {
    if (!store) return;
    for (Memory* memory : store->memories) {
        if (memory->data) store->allocator.release(store->allocator.context, memory->data);
        delete memory;
    }
    for (Table* table : store->tables) {
        free(table->elements);
        delete table;
    }
    for (Func* func : store->funcs)
        delete func;
    for (Global* global : store->globals)
        delete global;
    for (Instance* instance : store->instances)
        delete instance;
    free(store->stack);
    free(store->frames);
    delete store;
}

Func* func_new_host(Store* store, const ValType* params, uint32_t param_count,
                    const ValType* results, uint32_t result_count, HostFunction fn, void* context) {
    Func* func = new Func();
    for (uint32_t i = 0; i < param_count; ++i)
        func->host_type.params.push_back(params[i]);
    for (uint32_t i = 0; i < result_count; ++i)
        func->host_type.results.push_back(results[i]);
    func->type = &func->host_type;
    func->host = fn;
    func->host_context = context;
    store->funcs.push_back(func);
    return func;
}

Func* func_new_wasm(Store* store, Instance* instance, const Module& module, uint32_t index) {
    Func* func = new Func();
    func->type = &module.types[module.func_types[index]];
    func->instance = instance;
    func->code = module.functions[index - module.imported_funcs].compiled;
    store->funcs.push_back(func);
    return func;
}

Global* global_new(Store* store, GlobalType type, Slot value) {
    Global* global = new Global();
    global->type = type;
    global->value = value;
    store->globals.push_back(global);
    return global;
}

Table* table_new(Store* store, TableType type, Slot initial) {
    uint64_t bound = type.limits.has_max && type.limits.max < max_table_elements
                         ? type.limits.max
                         : max_table_elements;
    if (type.limits.min > bound) return nullptr;
    Table* table = new Table();
    table->type = type;
    table->max = static_cast<uint32_t>(bound);
    store->tables.push_back(table);
    if (!table_grow_by(*table, type.limits.min, initial)) return nullptr;
    return table;
}

bool table_grow_by(Table& table, uint64_t delta, Slot init) {
    uint64_t size = table.size + delta;
    if (size > table.max) return false;
    if (delta == 0) return true;
    auto* fresh = static_cast<Slot*>(realloc(table.elements, size * sizeof(Slot)));
    if (!fresh) return false;
    for (uint64_t i = table.size; i < size; ++i)
        fresh[i] = init;
    table.elements = fresh;
    table.size = static_cast<uint32_t>(size);
    return true;
}

Memory* memory_new(Store* store, MemoryType type) {
    Memory* memory = new Memory();
    memory->type = type;
    memory->store = store;
    memory->max_pages =
        type.limits.has_max && type.limits.max < max_pages ? type.limits.max : max_pages;
    store->memories.push_back(memory);
    if (type.limits.min > memory->max_pages || !memory_grow_to(*memory, type.limits.min))
        return nullptr;
    return memory;
}

bool memory_grow_to(Memory& memory, uint64_t pages) {
    if (pages > memory.max_pages) return false;
    uint64_t bytes = pages * page_size;
    if (bytes == memory.size) return true;
    Store& store = *memory.store;
    uint64_t added = bytes - memory.size;
    if (store.memory_bytes + added > store.config.memory_limit_bytes) return false;
    uint8_t* fresh = store.allocator.grow(store.allocator.context, memory.data, memory.size, bytes);
    if (!fresh) return false;
    memory.data = fresh;
    memory.size = bytes;
    store.memory_bytes += added;
    return true;
}

const FuncType& func_type(const Func* func) {
    return *func->type;
}
uint8_t* memory_data(Memory* memory) {
    return memory->data;
}
uint64_t memory_size(const Memory* memory) {
    return memory->size;
}
GlobalType global_type(const Global* global) {
    return global->type;
}
Slot global_get(const Global* global) {
    return global->value;
}

}  // namespace ember::wasm
