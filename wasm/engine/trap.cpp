#include "wasm/engine/trap.hpp"

namespace ember::wasm {

const char* trap_kind_message(TrapKind kind) {
    switch (kind) {
        case TrapKind::none:
            return "no trap";
        case TrapKind::unreachable:
            return "unreachable";
        case TrapKind::integer_divide_by_zero:
            return "integer divide by zero";
        case TrapKind::integer_overflow:
            return "integer overflow";
        case TrapKind::invalid_conversion_to_integer:
            return "invalid conversion to integer";
        case TrapKind::out_of_bounds_memory_access:
            return "out of bounds memory access";
        case TrapKind::out_of_bounds_table_access:
            return "out of bounds table access";
        case TrapKind::undefined_element:
            return "undefined element";
        case TrapKind::uninitialized_element:
            return "uninitialized element";
        case TrapKind::indirect_call_type_mismatch:
            return "indirect call type mismatch";
        case TrapKind::call_stack_exhausted:
            return "call stack exhausted";
        case TrapKind::host:
            return "host function failed";
        case TrapKind::exit:
            return "exit";
    }
    return "unknown trap";
}

int format_trap(const Trap& trap, char* buf, size_t cap) {
    if (trap.kind == TrapKind::exit)
        return snprintf(buf, cap, "wasm: the module exited with code %d", trap.exit_code);
    const char* what = trap.kind == TrapKind::host && trap.host_message
                           ? trap.host_message
                           : trap_kind_message(trap.kind);
    return snprintf(buf, cap, "wasm trap: %s in function %u at offset 0x%x", what, trap.function,
                    trap.offset);
}

}  // namespace ember::wasm
