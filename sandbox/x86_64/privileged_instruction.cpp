// A decoder for the handful of opcodes ring 3 may not execute (Intel SDM
// vol. 2, opcode map); anything else is left to the exception's own name.
#include "sandbox/x86_64/privileged_instruction.hpp"

#include <optional>

#include "sandbox/guest_error.hpp"

namespace ember::sandbox::x86_64 {

namespace {

bool is_prefix(uint8_t b) {
    return b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 || b == 0x2e || b == 0x3e ||
           b == 0x26 || b == 0x36 || b == 0x64 || b == 0x65 || (b >= 0x40 && b <= 0x4f);
}

std::string port_io(bool write, uint64_t port) {
    return std::string("guest ") + (write ? "wrote" : "read") + " I/O port " + hex(port) +
           ", which Ember does not provide";
}

std::string privileged(const char* name) {
    return std::string("privileged instruction ") + name;
}

// Group 7 (0F 01): by ModRM.
std::string group7(uint8_t modrm) {
    switch (modrm) {
        case 0xf8:
            return privileged("swapgs");
        case 0xd1:
            return privileged("xsetbv");
        case 0xc8:
        case 0xc9:
            return privileged("monitor/mwait");
        default:
            break;
    }
    const unsigned reg = (modrm >> 3) & 7;
    if ((modrm >> 6) != 3) {
        if (reg == 2) return privileged("lgdt");
        if (reg == 3) return privileged("lidt");
        if (reg == 6) return privileged("lmsw");
        if (reg == 7) return privileged("invlpg");
    }
    return {};
}

std::string two_byte(uint8_t opcode, std::optional<uint8_t> modrm, bool rep) {
    switch (opcode) {
        case 0x00:
            if (modrm && ((*modrm >> 3) & 7) == 2) return privileged("lldt");
            if (modrm && ((*modrm >> 3) & 7) == 3) return privileged("ltr");
            return {};
        case 0x01:
            return modrm ? group7(*modrm) : std::string();
        case 0x05:
            return "syscall, which Ember guests cannot use (call the host through host functions)";
        case 0x06:
            return privileged("clts");
        case 0x08:
            return privileged("invd");
        case 0x09:
            return privileged("wbinvd");
        case 0x20:
        case 0x22:
            return privileged("mov to or from a control register");
        case 0x21:
        case 0x23:
            return privileged("mov to or from a debug register");
        case 0x30:
            return privileged("wrmsr");
        case 0x32:
            return privileged("rdmsr");
        case 0xae:
            // F3 0F AE /0-3 with a register operand: rd/wr fs/gs base.
            if (rep && modrm && (*modrm >> 6) == 3 && ((*modrm >> 3) & 7) <= 3) {
                return "FS/GS base instruction, which Ember leaves off (CR4.FSGSBASE)";
            }
            return {};
        default:
            return {};
    }
}

}  // namespace

std::string privileged_instruction(std::span<const std::byte> code, uint64_t rdx) {
    std::size_t at = 0;
    bool rep = false;
    while (at < code.size() && is_prefix(static_cast<uint8_t>(code[at]))) {
        rep = rep || static_cast<uint8_t>(code[at]) == 0xf3;
        ++at;
    }
    if (at >= code.size()) return {};
    const uint8_t op = static_cast<uint8_t>(code[at]);
    const auto next = [&](std::size_t n) -> std::optional<uint8_t> {
        if (at + n >= code.size()) return std::nullopt;
        return static_cast<uint8_t>(code[at + n]);
    };
    const uint64_t dx_port = rdx & 0xffff;
    switch (op) {
        case 0xe4:
        case 0xe5:
            return next(1) ? port_io(false, *next(1)) : std::string();
        case 0xe6:
        case 0xe7:
            return next(1) ? port_io(true, *next(1)) : std::string();
        case 0xec:
        case 0xed:
        case 0x6c:
        case 0x6d:
            return port_io(false, dx_port);
        case 0xee:
        case 0xef:
        case 0x6e:
        case 0x6f:
            return port_io(true, dx_port);
        case 0xf4:
            return "guest halted (hlt), a privileged instruction";
        case 0xfa:
            return privileged("cli");
        case 0xfb:
            return privileged("sti");
        case 0xcd:
            return next(1) ? "software interrupt int " + hex(*next(1)) +
                                 ", which Ember does not provide"
                           : std::string();
        case 0x0f:
            return next(1) ? two_byte(*next(1), next(2), rep) : std::string();
        default:
            return {};
    }
}

}  // namespace ember::sandbox::x86_64
