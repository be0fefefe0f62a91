// A trap: what ended a Wasm computation early, and where.
#pragma once

#include "wasm/engine/support.hpp"

namespace ember::wasm {

enum class TrapKind : uint8_t {
    none,
    unreachable,
    integer_divide_by_zero,
    integer_overflow,
    invalid_conversion_to_integer,
    out_of_bounds_memory_access,
    out_of_bounds_table_access,
    undefined_element,      // call_indirect past the table's end
    uninitialized_element,  // call_indirect through a null entry
    indirect_call_type_mismatch,
    call_stack_exhausted,
    host,  // a host function trapped (message in Trap)
    exit,  // WASI proc_exit (exit_code in Trap)
};

// The spec tests' wording ("integer divide by zero", ...).
const char* trap_kind_message(TrapKind kind);

struct Trap {
    TrapKind kind = TrapKind::none;
    uint32_t function = 0;               // function index in its module (space incl. imports)
    uint32_t offset = 0;                 // module offset of the trapping instruction
    int32_t exit_code = 0;               // exit
    const char* host_message = nullptr;  // host: static text

    explicit operator bool() const { return kind != TrapKind::none; }
};

// "wasm trap: integer divide by zero in function 12 at offset 0x1a3".
// Returns snprintf's length.
int format_trap(const Trap& trap, char* buf, size_t cap);

}  // namespace ember::wasm
