// Instantiation (Wasm 2.0, section 4.5.4): import matching by extern
// subtyping, the module's own objects, globals, element and data segments
// in order, then the start function; and the exports.
#include "wasm/engine/bulk_ops.hpp"
#include "wasm/engine/runtime.hpp"

namespace ember::wasm {

namespace {

// Extern subtyping of limits: at least the minimum, within the maximum.
bool limits_match(uint64_t size, const Limits& actual, const Limits& expected) {
    if (size < expected.min) return false;
    if (!expected.has_max) return true;
    return actual.has_max && actual.max <= expected.max;
}

bool import_matches(const Module& module, const Import& import, const Extern& given) {
    if (given.kind != import.kind || !given.object) return false;
    switch (import.kind) {
        case ExternKind::func:
            return same_type(*static_cast<const Func*>(given.object)->type,
                             module.types[import.type_index]);
        case ExternKind::table: {
            const auto* table = static_cast<const Table*>(given.object);
            return table->type.element == import.table.element &&
                   limits_match(table->size, table->type.limits, import.table.limits);
        }
        case ExternKind::memory: {
            const auto* memory = static_cast<const Memory*>(given.object);
            return limits_match(memory->size / page_size, memory->type.limits,
                                import.memory.limits);
        }
        case ExternKind::global: {
            const auto* global = static_cast<const Global*>(given.object);
            return global->type.type == import.global.type &&
                   global->type.is_mutable == import.global.is_mutable;
        }
    }
    return false;
}

Slot evaluate(const Instance& instance, const ConstExpr& expr) {
    switch (expr.op) {
        case ConstExpr::Op::ref_func:
            return static_cast<Slot>(reinterpret_cast<uintptr_t>(instance.funcs[expr.index]));
        case ConstExpr::Op::global_get:
            return instance.globals[expr.index]->value;
        case ConstExpr::Op::ref_null:
            return 0;
        default:
            return expr.value;
    }
}

bool link(Instance& instance, const Extern* imports, uint32_t import_count, Error& error) {
    const Module& module = *instance.module;
    if (import_count != module.imports.size()) {
        error.set(ErrorKind::unlinkable, 0, "unknown import: %u given for %u imports", import_count,
                  static_cast<uint32_t>(module.imports.size()));
        return false;
    }
    for (uint32_t i = 0; i < import_count; ++i) {
        const Import& import = module.imports[i];
        if (!import_matches(module, import, imports[i])) {
            error.set(ErrorKind::unlinkable, 0, "incompatible import type: import %u (%.*s.%.*s)",
                      i, static_cast<int>(import.module.size),
                      reinterpret_cast<const char*>(import.module.data),
                      static_cast<int>(import.name.size),
                      reinterpret_cast<const char*>(import.name.data));
            return false;
        }
        void* object = imports[i].object;
        switch (import.kind) {
            case ExternKind::func:
                instance.funcs.push_back(static_cast<Func*>(object));
                break;
            case ExternKind::table:
                instance.tables.push_back(static_cast<Table*>(object));
                break;
            case ExternKind::memory:
                instance.memories.push_back(static_cast<Memory*>(object));
                break;
            case ExternKind::global:
                instance.globals.push_back(static_cast<Global*>(object));
                break;
        }
    }
    return true;
}

bool allocate(Store* store, Instance& instance, Error& error) {
    const Module& module = *instance.module;
    for (uint32_t i = module.imported_funcs; i < module.func_types.size(); ++i)
        instance.funcs.push_back(func_new_wasm(store, &instance, module, i));
    for (uint32_t i = module.imported_tables; i < module.table_types.size(); ++i) {
        Table* table = table_new(store, module.table_types[i], 0);
        if (!table) {
            error.set(ErrorKind::uninstantiable, 0, "table %u is larger than the engine allows", i);
            return false;
        }
        instance.tables.push_back(table);
    }
    for (const DefinedGlobal& global : module.globals)
        instance.globals.push_back(global_new(store, global.type, evaluate(instance, global.init)));
    instance.elements.resize(module.elements.size());
    for (uint32_t i = 0; i < module.elements.size(); ++i)
        for (const ConstExpr& item : module.elements[i].items)
            instance.elements[i].push_back(evaluate(instance, item));
    instance.data_dropped.resize(module.data.size());
    // Memories last: an allocator may hand linear memory all that is left
    // (the runner guest does), so everything else is allocated before.
    for (uint32_t i = module.imported_memories; i < module.memory_types.size(); ++i) {
        Memory* memory = memory_new(store, module.memory_types[i]);
        if (!memory) {
            error.set(ErrorKind::uninstantiable, 0,
                      "memory %u: its minimum exceeds the memory limit", i);
            return false;
        }
        instance.memories.push_back(memory);
    }
    instance.memory0 = instance.memories.empty() ? &store->empty_memory : instance.memories[0];
    return true;
}

bool segment_trap(Error& error, Trap* trap, TrapKind kind, const char* what, uint32_t index) {
    error.set(ErrorKind::uninstantiable, 0, "%s (%s segment %u)", trap_kind_message(kind), what,
              index);
    if (trap) *trap = Trap{kind, 0, 0, 0, nullptr};
    return false;
}

// Active segments are table.init / memory.init then a drop; declarative
// ones are only dropped.
bool initialize_segments(Instance& instance, Error& error, Trap* trap) {
    const Module& module = *instance.module;
    for (uint32_t i = 0; i < module.elements.size(); ++i) {
        const ElementSegment& segment = module.elements[i];
        if (segment.mode == SegmentMode::passive) continue;
        Vec<Slot>& items = instance.elements[i];
        if (segment.mode == SegmentMode::active) {
            uint64_t offset = static_cast<uint32_t>(evaluate(instance, segment.offset));
            if (!table_init(*instance.tables[segment.table], offset, items, 0, items.size()))
                return segment_trap(error, trap, TrapKind::out_of_bounds_table_access, "element",
                                    i);
        }
        items.clear();
    }
    for (uint32_t i = 0; i < module.data.size(); ++i) {
        const DataSegment& segment = module.data[i];
        if (segment.mode != SegmentMode::active) continue;
        uint64_t offset = static_cast<uint32_t>(evaluate(instance, segment.offset));
        if (!memory_init(*instance.memories[segment.memory], offset, segment.bytes, 0,
                         segment.bytes.size))
            return segment_trap(error, trap, TrapKind::out_of_bounds_memory_access, "data", i);
        instance.data_dropped[i] = true;
    }
    return true;
}

}  // namespace

Instance* instantiate(Store* store, const Module* module, const Extern* imports,
                      uint32_t import_count, Error& error, Trap* trap) {
    // The store owns the instance even when instantiation fails: what the
    // segments wrote before a trap may hold references to its functions.
    Instance* instance = new Instance();
    store->instances.push_back(instance);
    instance->module = module;
    instance->memory0 = &store->empty_memory;
    if (!link(*instance, imports, import_count, error) || !allocate(store, *instance, error) ||
        !initialize_segments(*instance, error, trap))
        return nullptr;
    if (module->has_start) {
        Trap result = invoke(store, instance->funcs[module->start], nullptr, nullptr);
        if (result) {
            char text[160];
            format_trap(result, text, sizeof text);
            error.set(ErrorKind::uninstantiable, 0, "%s: %s", trap_kind_message(result.kind), text);
            if (trap) *trap = result;
            return nullptr;
        }
    }
    return instance;
}

const Module& instance_module(const Instance* instance) {
    return *instance->module;
}

bool instance_export(const Instance* instance, const char* name, size_t name_len, Extern& out) {
    for (const Export& e : instance->module->exports) {
        if (e.name.size != name_len || memcmp(e.name.data, name, name_len) != 0) continue;
        out.kind = e.kind;
        switch (e.kind) {
            case ExternKind::func:
                out.object = instance->funcs[e.index];
                break;
            case ExternKind::table:
                out.object = instance->tables[e.index];
                break;
            case ExternKind::memory:
                out.object = instance->memories[e.index];
                break;
            case ExternKind::global:
                out.object = instance->globals[e.index];
                break;
        }
        return true;
    }
    return false;
}

Memory* instance_memory(const Instance* instance) {
    return instance->memories.empty() ? nullptr : instance->memories[0];
}

Trap invoke(Store* store, Func* func, const Slot* args, Slot* results) {
    return interpret(*store, *func, args, results);
}

}  // namespace ember::wasm
