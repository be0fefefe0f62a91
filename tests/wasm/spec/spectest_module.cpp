#include "tests/wasm/spec/spectest_module.hpp"

namespace ember::wasm::spec {

namespace {

// The spec's print functions write their arguments to stdout; the scripts
// check nothing of it, and the sandbox has no stdout, so they do nothing.
bool print(void*, HostContext&, const Slot*, Slot*) {
    return true;
}

bool same_name(const char* name, Bytes bytes) {
    return strlen(name) == bytes.size && memcmp(name, bytes.data, bytes.size) == 0;
}

}  // namespace

SpectestModule::SpectestModule(Store* store) {
    constexpr ValType i32 = ValType::i32, i64 = ValType::i64, f32 = ValType::f32,
                      f64 = ValType::f64;
    add_print(store, "print", nullptr, 0);
    add_print(store, "print_i32", &i32, 1);
    add_print(store, "print_i64", &i64, 1);
    add_print(store, "print_f32", &f32, 1);
    add_print(store, "print_f64", &f64, 1);
    const ValType i32_f32[] = {i32, f32};
    add_print(store, "print_i32_f32", i32_f32, 2);
    const ValType f64_f64[] = {f64, f64};
    add_print(store, "print_f64_f64", f64_f64, 2);

    add("global_i32", ExternKind::global, global_new(store, {i32, false}, 666));
    add("global_i64", ExternKind::global, global_new(store, {i64, false}, 666));
    add("global_f32", ExternKind::global,
        global_new(store, {f32, false}, __builtin_bit_cast(uint32_t, 666.6f)));
    add("global_f64", ExternKind::global,
        global_new(store, {f64, false}, __builtin_bit_cast(uint64_t, 666.6)));

    TableType table;
    table.element = ValType::funcref;
    table.limits = {10, 20, true};
    add("table", ExternKind::table, table_new(store, table, 0));
    MemoryType memory;
    memory.limits = {1, 2, true};
    add("memory", ExternKind::memory, memory_new(store, memory));
}

bool SpectestModule::lookup(Bytes name, Extern& out) const {
    for (const Entry& entry : entries_) {
        if (same_name(entry.name, name)) {
            out = entry.object;
            return true;
        }
    }
    return false;
}

void SpectestModule::add(const char* name, ExternKind kind, void* object) {
    Entry entry{name, {}};
    entry.object.kind = kind;
    entry.object.object = object;
    entries_.push_back(entry);
}

void SpectestModule::add_print(Store* store, const char* name, const ValType* params,
                               uint32_t count) {
    add(name, ExternKind::func, func_new_host(store, params, count, nullptr, 0, print, nullptr));
}

}  // namespace ember::wasm::spec
