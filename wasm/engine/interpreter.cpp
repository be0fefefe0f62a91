// The interpreter: one loop over the internal code (code.hpp), dispatched
// by computed goto, with an explicit stack of Wasm frames, so that a trap
// or the outermost return simply leaves the loop.
//
// Registers: pc (the instruction), fp (the frame's first slot), the running
// function and instance, and the instance's memory 0 (base and size), which
// is reloaded after anything that may grow or change it: calls, returns,
// memory.grow.
#include "wasm/engine/bulk_ops.hpp"
#include "wasm/engine/numeric.hpp"
#include "wasm/engine/runtime.hpp"

// Labels as values (a GCC and clang extension) are the dispatch.
#pragma GCC diagnostic ignored "-Wpedantic"
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wgnu-label-as-value"
#endif

namespace ember::wasm {

Trap interpret(Store& store, Func& func, const Slot* args, Slot* results) {
    if (func.host) return invoke_host(store, func, args, results);

        // The handlers, in Op's order.
#define EMBER_LABEL(name) &&op_##name,
#define EMBER_NUMERIC_LABEL(name, ...) &&op_##name,
#define EMBER_LOAD_ADD_LABEL(name, ...) &&op_##name##_add,
    static const void* const labels[] = {
        EMBER_WASM_CONTROL_OPS(EMBER_LABEL) EMBER_WASM_LOADS(EMBER_NUMERIC_LABEL)
            EMBER_WASM_LOADS(EMBER_LOAD_ADD_LABEL) EMBER_WASM_STORE_OPS(EMBER_LABEL)
                EMBER_WASM_FUSED_BRANCH_OPS(EMBER_LABEL) EMBER_WASM_UNARY_OPS(EMBER_NUMERIC_LABEL)
                    EMBER_WASM_BINARY_OPS(EMBER_NUMERIC_LABEL)
                        EMBER_WASM_TRAPPING_UNARY_OPS(EMBER_NUMERIC_LABEL)
                            EMBER_WASM_TRAPPING_BINARY_OPS(EMBER_NUMERIC_LABEL)};
#undef EMBER_LABEL
#undef EMBER_NUMERIC_LABEL
#undef EMBER_LOAD_ADD_LABEL
    static_assert(sizeof labels / sizeof labels[0] == static_cast<size_t>(Op::count));

    Slot* const stack_base = store.stack_in_use;
    const uint32_t frame_base = store.frames_in_use;
    const uint32_t max_depth = store.config.max_call_depth;
    Slot* const stack_end = store.stack_end;
    CallFrame* const frames = store.frames;

    const CompiledFunction* fn = func.code;
    Instance* inst = func.instance;
    Slot* fp = stack_base;
    uint32_t depth = frame_base;
    const uint32_t* pc = fn->code.data();
    uint8_t* mem = nullptr;
    uint64_t mem_size = 0;
    TrapKind trap_kind = TrapKind::none;
    Trap host_trap;
    // A call: `callee`, its frame at `fp + base`, continuing at `next`.
    Func* callee = nullptr;
    uint32_t base = 0;
    const uint32_t* next = nullptr;

    if (frame_base + 1 >= max_depth || fn->frame_size > static_cast<uint64_t>(stack_end - fp))
        return Trap{TrapKind::call_stack_exhausted, fn->func_index, 0, 0, nullptr};
    // i32 and f32 arguments are zero-extended, whatever the embedder passed.
    for (uint32_t i = 0; i < fn->param_count; ++i) {
        ValType type = func.type->params[i];
        bool narrow = type == ValType::i32 || type == ValType::f32;
        fp[i] = narrow ? static_cast<uint32_t>(args[i]) : args[i];
    }
    if (!fn->frame_init.empty())
        memcpy(fp + fn->param_count, fn->frame_init.data(), fn->frame_init.size() * sizeof(Slot));

#define RELOAD_MEMORY()                 \
    do {                                \
        mem = inst->memory0->data;      \
        mem_size = inst->memory0->size; \
    } while (0)
#define NEXT() goto* labels[*pc]
#define S(i) fp[pc[i]]
#define TRAP(kind)          \
    do {                    \
        trap_kind = (kind); \
        goto trapped;       \
    } while (0)
#define TARGET(i) (pc + (i) + static_cast<int32_t>(pc[i]))

    RELOAD_MEMORY();
    NEXT();

    // Control.
op_unreachable:
    TRAP(TrapKind::unreachable);
op_br:
    pc = TARGET(1);
    NEXT();
op_br_if:
    pc = u32_of(S(1)) ? TARGET(2) : pc + 3;
    NEXT();
op_br_unless:
    pc = u32_of(S(1)) ? pc + 3 : TARGET(2);
    NEXT();
op_br_table : {
    uint32_t index = u32_of(S(1));
    uint32_t count = pc[2];
    pc = TARGET(3 + (index < count ? index : count));
    NEXT();
}
op_ret : {
    const Slot* from = fp + pc[1];
    for (uint32_t i = 0, n = pc[2]; i < n; ++i)
        fp[i] = from[i];
    if (depth == frame_base) goto finished;
    const CallFrame& frame = frames[--depth];
    pc = frame.pc;
    fp = frame.fp;
    fn = frame.function;
    inst = frame.instance;
    RELOAD_MEMORY();
    NEXT();
}
op_call : {
    auto* code = reinterpret_cast<const CompiledFunction*>(
        static_cast<uintptr_t>(pc[1] | static_cast<uint64_t>(pc[2]) << 32));
    Slot* callee_fp = fp + pc[3];
    if (depth + 1 >= max_depth || code->frame_size > static_cast<uint64_t>(stack_end - callee_fp))
        TRAP(TrapKind::call_stack_exhausted);
    frames[depth++] = CallFrame{pc + 4, fp, fn, inst};
    fp = callee_fp;
    fn = code;
    if (!code->frame_init.empty())
        memcpy(fp + code->param_count, code->frame_init.data(),
               code->frame_init.size() * sizeof(Slot));
    pc = code->code.data();
    NEXT();
}
op_call_import:
    callee = inst->funcs[pc[1]];
    base = pc[2];
    next = pc + 3;
    goto call_func;
op_call_indirect : {
    const Table& table = *inst->tables[pc[1]];
    uint32_t index = u32_of(S(4));
    if (index >= table.size) TRAP(TrapKind::undefined_element);
    callee = reinterpret_cast<Func*>(static_cast<uintptr_t>(table.elements[index]));
    if (!callee) TRAP(TrapKind::uninitialized_element);
    const FuncType& expected = inst->module->types[pc[2]];
    if (callee->type != &expected && !same_type(*callee->type, expected))
        TRAP(TrapKind::indirect_call_type_mismatch);
    base = pc[3];
    next = pc + 5;
    goto call_func;
}
call_func : {
    Slot* callee_fp = fp + base;
    if (callee->host) {
        uint32_t params = static_cast<uint32_t>(callee->type->params.size());
        uint32_t results_count = static_cast<uint32_t>(callee->type->results.size());
        if (params + results_count > static_cast<uint64_t>(stack_end - callee_fp))
            TRAP(TrapKind::call_stack_exhausted);
        Slot* saved_in_use = store.stack_in_use;
        store.stack_in_use = callee_fp + params + results_count;
        // A call back into Wasm continues above this frame (the running
        // function's, which counts against the depth too).
        store.frames_in_use = depth + 1;
        host_trap = host_call(store, *callee, inst, callee_fp, callee_fp + params);
        store.stack_in_use = saved_in_use;
        store.frames_in_use = frame_base;
        if (host_trap) goto trapped_in_host;
        for (uint32_t i = 0; i < results_count; ++i)
            callee_fp[i] = callee_fp[params + i];
        pc = next;
        RELOAD_MEMORY();
        NEXT();
    }
    const CompiledFunction* code = callee->code;
    if (depth + 1 >= max_depth || code->frame_size > static_cast<uint64_t>(stack_end - callee_fp))
        TRAP(TrapKind::call_stack_exhausted);
    frames[depth++] = CallFrame{next, fp, fn, inst};
    fp = callee_fp;
    fn = code;
    inst = callee->instance;
    if (!code->frame_init.empty())
        memcpy(fp + code->param_count, code->frame_init.data(),
               code->frame_init.size() * sizeof(Slot));
    pc = code->code.data();
    RELOAD_MEMORY();
    NEXT();
}
op_copy:
    S(1) = S(2);
    pc += 3;
    NEXT();
op_select:
    S(1) = u32_of(S(4)) ? S(2) : S(3);
    pc += 5;
    NEXT();
op_global_get:
    S(1) = inst->globals[pc[2]]->value;
    pc += 3;
    NEXT();
op_global_set:
    inst->globals[pc[1]]->value = S(2);
    pc += 3;
    NEXT();
op_ref_func:
    S(1) = static_cast<Slot>(reinterpret_cast<uintptr_t>(inst->funcs[pc[2]]));
    pc += 3;
    NEXT();
op_ref_is_null:
    S(1) = S(2) == 0 ? 1 : 0;
    pc += 3;
    NEXT();

    // Tables and references.
op_table_get : {
    const Table& table = *inst->tables[pc[2]];
    uint32_t index = u32_of(S(3));
    if (index >= table.size) TRAP(TrapKind::out_of_bounds_table_access);
    S(1) = table.elements[index];
    pc += 4;
    NEXT();
}
op_table_set : {
    Table& table = *inst->tables[pc[1]];
    uint32_t index = u32_of(S(2));
    if (index >= table.size) TRAP(TrapKind::out_of_bounds_table_access);
    table.elements[index] = S(3);
    pc += 4;
    NEXT();
}
op_table_size:
    S(1) = inst->tables[pc[2]]->size;
    pc += 3;
    NEXT();
op_table_grow : {
    Table& table = *inst->tables[pc[2]];
    uint32_t old = table.size;
    S(1) = table_grow_by(table, u32_of(S(4)), S(3)) ? old : 0xffffffffu;
    pc += 5;
    NEXT();
}
op_table_fill:
    if (!table_fill(*inst->tables[pc[1]], u32_of(S(2)), S(3), u32_of(S(4))))
        TRAP(TrapKind::out_of_bounds_table_access);
    pc += 5;
    NEXT();
op_table_copy:
    if (!table_copy(*inst->tables[pc[1]], u32_of(S(3)), *inst->tables[pc[2]], u32_of(S(4)),
                    u32_of(S(5))))
        TRAP(TrapKind::out_of_bounds_table_access);
    pc += 6;
    NEXT();
op_table_init:
    if (!table_init(*inst->tables[pc[1]], u32_of(S(3)), inst->elements[pc[2]], u32_of(S(4)),
                    u32_of(S(5))))
        TRAP(TrapKind::out_of_bounds_table_access);
    pc += 6;
    NEXT();
op_elem_drop:
    inst->elements[pc[1]].clear();
    pc += 2;
    NEXT();

    // Memory.
#define EMBER_LOAD(name, T, width, convert)                                            \
    op_##name : {                                                                      \
        uint64_t address = static_cast<uint64_t>(u32_of(S(2))) + pc[3];                \
        if (address + (width) > mem_size) TRAP(TrapKind::out_of_bounds_memory_access); \
        T value;                                                                       \
        memcpy(&value, mem + address, width);                                          \
        S(1) = convert;                                                                \
        pc += 4;                                                                       \
        NEXT();                                                                        \
    }                                                                                  \
    op_##name##_add : {                                                                \
        uint64_t address = static_cast<uint64_t>(u32_of(S(2)) + u32_of(S(3))) + pc[4]; \
        if (address + (width) > mem_size) TRAP(TrapKind::out_of_bounds_memory_access); \
        T value;                                                                       \
        memcpy(&value, mem + address, width);                                          \
        S(1) = convert;                                                                \
        pc += 5;                                                                       \
        NEXT();                                                                        \
    }
    EMBER_WASM_LOADS(EMBER_LOAD)
#undef EMBER_LOAD
#define EMBER_STORE(name, T, width)                                                    \
    op_##name : {                                                                      \
        uint64_t address = static_cast<uint64_t>(u32_of(S(1))) + pc[3];                \
        if (address + (width) > mem_size) TRAP(TrapKind::out_of_bounds_memory_access); \
        T value = static_cast<T>(S(2));                                                \
        memcpy(mem + address, &value, width);                                          \
        pc += 4;                                                                       \
        NEXT();                                                                        \
    }
    EMBER_STORE(store_8, uint8_t, 1)
    EMBER_STORE(store_16, uint16_t, 2)
    EMBER_STORE(store_32, uint32_t, 4)
    EMBER_STORE(store_64, uint64_t, 8)
#undef EMBER_STORE
op_memory_size:
    S(1) = mem_size / page_size;
    pc += 2;
    NEXT();
op_memory_grow : {
    Memory& memory = *inst->memory0;
    uint64_t old = memory.size / page_size;
    S(1) = memory_grow_to(memory, old + u32_of(S(2))) ? old : 0xffffffffu;
    RELOAD_MEMORY();
    pc += 3;
    NEXT();
}
op_memory_fill:
    if (!memory_fill(*inst->memory0, u32_of(S(1)), static_cast<uint8_t>(S(2)), u32_of(S(3))))
        TRAP(TrapKind::out_of_bounds_memory_access);
    pc += 4;
    NEXT();
op_memory_copy:
    if (!memory_copy(*inst->memory0, u32_of(S(1)), u32_of(S(2)), u32_of(S(3))))
        TRAP(TrapKind::out_of_bounds_memory_access);
    pc += 4;
    NEXT();
op_memory_init : {
    // A dropped segment is an empty one.
    Bytes bytes = inst->data_dropped[pc[1]] ? Bytes{} : inst->module->data[pc[1]].bytes;
    if (!memory_init(*inst->memory0, u32_of(S(2)), bytes, u32_of(S(3)), u32_of(S(4))))
        TRAP(TrapKind::out_of_bounds_memory_access);
    pc += 5;
    NEXT();
}
op_data_drop:
    inst->data_dropped[pc[1]] = true;
    pc += 2;
    NEXT();

    // Compare-and-branch.
op_br_eqz:
    pc = u32_of(S(1)) == 0 ? TARGET(2) : pc + 3;
    NEXT();
op_br_nez:
    pc = u32_of(S(1)) != 0 ? TARGET(2) : pc + 3;
    NEXT();
#define EMBER_BRANCH(name, T, cmp)                                                             \
    op_##name : pc = static_cast<T>(u32_of(S(1))) cmp static_cast<T>(u32_of(S(2))) ? TARGET(3) \
                                                                                   : pc + 4;   \
    NEXT();
    EMBER_BRANCH(br_i32_eq, uint32_t, ==)
    EMBER_BRANCH(br_i32_ne, uint32_t, !=)
    EMBER_BRANCH(br_i32_lt_s, int32_t, <)
    EMBER_BRANCH(br_i32_lt_u, uint32_t, <)
    EMBER_BRANCH(br_i32_gt_s, int32_t, >)
    EMBER_BRANCH(br_i32_gt_u, uint32_t, >)
    EMBER_BRANCH(br_i32_le_s, int32_t, <=)
    EMBER_BRANCH(br_i32_le_u, uint32_t, <=)
    EMBER_BRANCH(br_i32_ge_s, int32_t, >=)
    EMBER_BRANCH(br_i32_ge_u, uint32_t, >=)
#undef EMBER_BRANCH

    // Numeric instructions, from numeric_ops.hpp.
#define EMBER_READ_I32(s) u32_of(s)
#define EMBER_READ_I64(s) u64_of(s)
#define EMBER_READ_F32(s) f32_of(s)
#define EMBER_READ_F64(s) f64_of(s)
#define EMBER_TYPE_I32 uint32_t
#define EMBER_TYPE_I64 uint64_t
#define EMBER_TYPE_F32 float
#define EMBER_TYPE_F64 double
#define EMBER_WRITE(R, v) slot_of(static_cast<EMBER_TYPE_##R>(v))
#define EMBER_UNARY(name, code, A, R, expr) \
    op_##name : {                           \
        auto a = EMBER_READ_##A(S(2));      \
        S(1) = EMBER_WRITE(R, expr);        \
        pc += 3;                            \
        NEXT();                             \
    }
#define EMBER_BINARY(name, code, A, R, expr) \
    op_##name : {                            \
        auto a = EMBER_READ_##A(S(2));       \
        auto b = EMBER_READ_##A(S(3));       \
        S(1) = EMBER_WRITE(R, expr);         \
        pc += 4;                             \
        NEXT();                              \
    }
#define EMBER_TRAPPING_UNARY(name, code, A, R, fn)        \
    op_##name : {                                         \
        EMBER_TYPE_##R result = 0;                        \
        TrapKind kind = fn(EMBER_READ_##A(S(2)), result); \
        if (kind != TrapKind::none) TRAP(kind);           \
        S(1) = slot_of(result);                           \
        pc += 3;                                          \
        NEXT();                                           \
    }
#define EMBER_TRAPPING_BINARY(name, code, A, R, fn)                             \
    op_##name : {                                                               \
        EMBER_TYPE_##R result = 0;                                              \
        TrapKind kind = fn(EMBER_READ_##A(S(2)), EMBER_READ_##A(S(3)), result); \
        if (kind != TrapKind::none) TRAP(kind);                                 \
        S(1) = slot_of(result);                                                 \
        pc += 4;                                                                \
        NEXT();                                                                 \
    }
    EMBER_WASM_UNARY_OPS(EMBER_UNARY)
    EMBER_WASM_BINARY_OPS(EMBER_BINARY)
    EMBER_WASM_TRAPPING_UNARY_OPS(EMBER_TRAPPING_UNARY)
    EMBER_WASM_TRAPPING_BINARY_OPS(EMBER_TRAPPING_BINARY)
#undef EMBER_UNARY
#undef EMBER_BINARY
#undef EMBER_TRAPPING_UNARY
#undef EMBER_TRAPPING_BINARY

trapped_in_host:
    // The host's trap, placed at the call.
    host_trap.function = fn->func_index;
    host_trap.offset = module_offset_at(*fn, static_cast<uint32_t>(pc - fn->code.data()));
    store.frames_in_use = frame_base;
    return host_trap;
trapped:
    store.frames_in_use = frame_base;
    return Trap{trap_kind, fn->func_index,
                module_offset_at(*fn, static_cast<uint32_t>(pc - fn->code.data())), 0, nullptr};
finished:
    for (uint32_t i = 0; i < fn->result_count; ++i)
        results[i] = fp[i];
    return Trap{};
}

}  // namespace ember::wasm
