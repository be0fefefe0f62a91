// The only code that runs in the guest's ring 0: one entry per CPU exception
// vector, which pushes the vector (and a zero error code where the CPU pushes
// none) on the exception stack and leaves through EMBER_PORT_EXCEPTION. The
// host writes it into a supervisor page; the guest's image cannot supply or
// change ring-0 code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ember::sandbox::x86_64 {

// Vectors 0-31, the CPU exceptions; the IDT has a gate for each.
inline constexpr unsigned exception_vectors = 32;

// The stub's machine code, position-independent (relative jumps only).
std::span<const std::byte> exception_stub();

// Where the entry for `vector` starts, from the stub's first byte.
uint64_t exception_stub_entry(unsigned vector);

// The frame the stub leaves at rsp when it exits: what it pushed, then what
// the CPU pushed on the exception.
struct ExceptionFrame {
    uint64_t vector;
    uint64_t error_code;
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};

}  // namespace ember::sandbox::x86_64
