// The interpreter's internal code: what the compiler (compiler.hpp) makes of
// a validated function body, and the interpreter (interpreter.hpp) runs.
//
// A function's code is a flat array of 32-bit words: an internal opcode (Op),
// then its operands. Operands that name values are slots of the frame, so
// the interpreter never keeps a stack pointer: a frame is
//   [params][declared locals][constants][operand stack, at heights known
//   statically]
// and `i32.add` becomes {i32_add, dst, a, b}, reading the locals or
// constants directly when the compiler could fold a local.get or a const.
// A call's arguments sit at the caller's stack top and become the callee's
// first slots (overlapping frames); its results come back in the same place.
//
// Branch targets are word offsets relative to the branching instruction.
#pragma once

#include "wasm/engine/numeric_ops.hpp"
#include "wasm/engine/types.hpp"

namespace ember::wasm {

// Operand layouts, after the opcode word (s = slot, i = immediate):
#define EMBER_WASM_CONTROL_OPS(X)                                                   \
    X(unreachable)   /* */                                                          \
    X(br)            /* i:target */                                                 \
    X(br_if)         /* s:cond i:target */                                          \
    X(br_unless)     /* s:cond i:target */                                          \
    X(br_table)      /* s:index i:count i:target*(count+1), the last the default */ \
    X(ret)           /* s:first i:count: results to the frame's first slots */      \
    X(call)          /* i:callee(2 words, CompiledFunction*) s:base */              \
    X(call_import)   /* i:func s:base */                                            \
    X(call_indirect) /* i:table i:type s:base s:index */                            \
    X(copy)          /* s:dst s:src */                                              \
    X(select)        /* s:dst s:a s:b s:cond */                                     \
    X(global_get)    /* s:dst i:global */                                           \
    X(global_set)    /* i:global s:src */                                           \
    X(ref_func)      /* s:dst i:func */                                             \
    X(ref_is_null)   /* s:dst s:ref */                                              \
    X(table_get)     /* s:dst i:table s:index */                                    \
    X(table_set)     /* i:table s:index s:value */                                  \
    X(table_size)    /* s:dst i:table */                                            \
    X(table_grow)    /* s:dst i:table s:init s:delta */                             \
    X(table_fill)    /* i:table s:at s:value s:count */                             \
    X(table_copy)    /* i:dst_table i:src_table s:dst s:src s:count */              \
    X(table_init)    /* i:table i:segment s:dst s:src s:count */                    \
    X(elem_drop)     /* i:segment */                                                \
    X(memory_size)   /* s:dst */                                                    \
    X(memory_grow)   /* s:dst s:delta */                                            \
    X(memory_fill)   /* s:dst s:value s:count */                                    \
    X(memory_copy)   /* s:dst s:src s:count */                                      \
    X(memory_init)   /* i:segment s:dst s:src s:count */                            \
    X(data_drop)     /* i:segment */

// Loads: s:dst s:address i:offset, as X(name, memory type, width, the
// slot's value of `value`). Each also comes as name_add: s:dst s:a s:b
// i:offset, which loads from a + b (an i32.add fused into the load).
#define EMBER_WASM_LOADS(X)                                   \
    X(load_u8, uint8_t, 1, value)                             \
    X(load_u16, uint16_t, 2, value)                           \
    X(load_u32, uint32_t, 4, value)                           \
    X(load_u64, uint64_t, 8, value)                           \
    X(load_i32_s8, int8_t, 1, static_cast<uint32_t>(value))   \
    X(load_i32_s16, int16_t, 2, static_cast<uint32_t>(value)) \
    X(load_i64_s8, int8_t, 1, static_cast<uint64_t>(value))   \
    X(load_i64_s16, int16_t, 2, static_cast<uint64_t>(value)) \
    X(load_i64_s32, int32_t, 4, static_cast<uint64_t>(value))

// Stores: s:address s:value i:offset.
#define EMBER_WASM_STORE_OPS(X) \
    X(store_8)                  \
    X(store_16)                 \
    X(store_32)                 \
    X(store_64)

// Compare-and-branch, fused from an i32 comparison or eqz and a br_if:
// s:a s:b i:target (eqz/nez: s:a i:target).
#define EMBER_WASM_FUSED_BRANCH_OPS(X) \
    X(br_eqz)                          \
    X(br_nez)                          \
    X(br_i32_eq)                       \
    X(br_i32_ne)                       \
    X(br_i32_lt_s)                     \
    X(br_i32_lt_u)                     \
    X(br_i32_gt_s)                     \
    X(br_i32_gt_u)                     \
    X(br_i32_le_s)                     \
    X(br_i32_le_u)                     \
    X(br_i32_ge_s)                     \
    X(br_i32_ge_u)

#define EMBER_WASM_OP_NAME(name) name,
#define EMBER_WASM_NUMERIC_OP_NAME(name, ...) name,
#define EMBER_WASM_LOAD_ADD_NAME(name, ...) name##_add,
enum class Op : uint32_t {
    EMBER_WASM_CONTROL_OPS(EMBER_WASM_OP_NAME) EMBER_WASM_LOADS(EMBER_WASM_NUMERIC_OP_NAME)
        EMBER_WASM_LOADS(EMBER_WASM_LOAD_ADD_NAME) EMBER_WASM_STORE_OPS(EMBER_WASM_OP_NAME)
            EMBER_WASM_FUSED_BRANCH_OPS(EMBER_WASM_OP_NAME)
                EMBER_WASM_UNARY_OPS(EMBER_WASM_NUMERIC_OP_NAME)
                    EMBER_WASM_BINARY_OPS(EMBER_WASM_NUMERIC_OP_NAME)
                        EMBER_WASM_TRAPPING_UNARY_OPS(EMBER_WASM_NUMERIC_OP_NAME)
                            EMBER_WASM_TRAPPING_BINARY_OPS(EMBER_WASM_NUMERIC_OP_NAME) count
};
#undef EMBER_WASM_OP_NAME
#undef EMBER_WASM_NUMERIC_OP_NAME
#undef EMBER_WASM_LOAD_ADD_NAME

// A load's variant with the address added (name_add).
inline Op load_with_add(Op load) {
    return static_cast<Op>(static_cast<uint32_t>(load) + static_cast<uint32_t>(Op::load_u8_add) -
                           static_cast<uint32_t>(Op::load_u8));
}

// Where a trapping instruction came from, for the trap's "at offset 0x…".
struct TrapSite {
    uint32_t code_pos = 0;       // word index of the instruction
    uint32_t module_offset = 0;  // byte offset of the Wasm instruction
};

struct CompiledFunction {
    Vec<uint32_t> code;
    // The initial values of the slots after the parameters: the declared
    // locals (zero), then the constants the code reads.
    Vec<Slot> frame_init;
    Vec<TrapSite> trap_sites;  // ascending code_pos
    uint32_t func_index = 0;   // in the module's function index space
    uint32_t param_count = 0;
    uint32_t result_count = 0;
    uint32_t frame_size = 0;  // slots: params, locals, constants, operand stack
};

// The module offset of the instruction at `code_pos` (0 when unknown).
uint32_t module_offset_at(const CompiledFunction& function, uint32_t code_pos);

}  // namespace ember::wasm
