// Names the instruction behind a guest's #GP or #UD when it is one that ring
// 3 may not use (port I/O to a port Ember does not provide, hlt, cli, wrmsr,
// mov to a control register, ...), so that the fault says what the guest
// tried rather than only where.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ember::sandbox::x86_64 {

// `code`: the bytes at the faulting rip (up to 15; fewer near the end of
// readable memory). `rdx`: the guest's rdx, the port of `in`/`out` with %dx.
// Returns a phrase such as "guest wrote I/O port 0x80, which Ember does not
// provide" or "privileged instruction wrmsr", or "" when not recognised.
std::string privileged_instruction(std::span<const std::byte> code, uint64_t rdx);

}  // namespace ember::sandbox::x86_64
