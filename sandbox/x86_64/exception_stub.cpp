// The ring-0 exception stub, assembled here byte by byte: 32 entries of 16
// bytes, then the common exit.
#include "sandbox/x86_64/exception_stub.hpp"

#include <ember/abi.h>

#include <array>

namespace ember::sandbox::x86_64 {

namespace {

constexpr uint64_t entry_size = 16;
constexpr uint64_t common_offset = exception_vectors * entry_size;

// Vectors for which the CPU pushes an error code itself.
constexpr bool pushes_error_code(unsigned vector) {
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 ||
           vector == 29 || vector == 30;
}

constexpr std::byte b(unsigned value) {
    return static_cast<std::byte>(value);
}

constexpr auto assemble() {
    std::array<std::byte, common_offset + 5> code{};
    for (unsigned vector = 0; vector < exception_vectors; ++vector) {
        uint64_t at = vector * entry_size;
        for (uint64_t i = 0; i < entry_size; ++i)
            code[at + i] = b(0xcc);  // int3 padding, never reached
        if (!pushes_error_code(vector)) {
            code[at++] = b(0x6a);  // push $0
            code[at++] = b(0x00);
        }
        code[at++] = b(0x6a);  // push $vector
        code[at++] = b(vector);
        const uint64_t next = at + 5;
        const uint32_t rel = static_cast<uint32_t>(common_offset - next);
        code[at++] = b(0xe9);  // jmp common (rel32)
        for (int i = 0; i < 4; ++i)
            code[at++] = b((rel >> (8 * i)) & 0xff);
    }
    uint64_t at = common_offset;
    code[at++] = b(0xe6);  // out %al, $EMBER_PORT_EXCEPTION
    code[at++] = b(EMBER_PORT_EXCEPTION);
    code[at++] = b(0xf4);  // hlt: the host never resumes the stub
    code[at++] = b(0xeb);  // jmp back to the hlt
    code[at++] = b(0xfd);
    return code;
}

constexpr auto stub = assemble();
static_assert(stub.size() <= EMBER_PAGE_SIZE);

}  // namespace

std::span<const std::byte> exception_stub() {
    return stub;
}

uint64_t exception_stub_entry(unsigned vector) {
    return vector * entry_size;
}

}  // namespace ember::sandbox::x86_64
