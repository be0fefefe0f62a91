#include "sandbox/x86_64/privileged_instruction.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

using ember::sandbox::x86_64::privileged_instruction;

namespace {

std::string name_of(std::initializer_list<int> bytes, uint64_t rdx = 0) {
    std::vector<std::byte> code;
    for (int b : bytes)
        code.push_back(static_cast<std::byte>(b));
    return privileged_instruction(code, rdx);
}

}  // namespace

TEST_CASE("port I/O names the port and the direction", "[privileged_instruction]") {
    CHECK(name_of({0xe6, 0x80}) == "guest wrote I/O port 0x80, which Ember does not provide");
    CHECK(name_of({0xe4, 0x80}) == "guest read I/O port 0x80, which Ember does not provide");
    CHECK(name_of({0xee}, 0x103f8) == "guest wrote I/O port 0x3f8, which Ember does not provide");
    CHECK(name_of({0x66, 0xed}, 0x60) == "guest read I/O port 0x60, which Ember does not provide");
    CHECK(name_of({0xf3, 0x6e}, 0x80) == "guest wrote I/O port 0x80, which Ember does not provide");
    CHECK(name_of({0xe6}).empty());  // cut off before the port
}

TEST_CASE("privileged instructions are named", "[privileged_instruction]") {
    CHECK(name_of({0x0f, 0x30}) == "privileged instruction wrmsr");
    CHECK(name_of({0x0f, 0x32}) == "privileged instruction rdmsr");
    CHECK(name_of({0x0f, 0x22, 0xd8}) ==
          "privileged instruction mov to or from a control register");
    CHECK(name_of({0x0f, 0x23, 0xf8}) == "privileged instruction mov to or from a debug register");
    CHECK(name_of({0x0f, 0x01, 0x10}) == "privileged instruction lgdt");
    CHECK(name_of({0x0f, 0x01, 0x18}) == "privileged instruction lidt");
    CHECK(name_of({0x0f, 0x00, 0xd8}) == "privileged instruction ltr");
    CHECK(name_of({0x0f, 0x01, 0xf8}) == "privileged instruction swapgs");
    CHECK(name_of({0x0f, 0x01, 0xd1}) == "privileged instruction xsetbv");
    CHECK(name_of({0xf4}) == "guest halted (hlt), a privileged instruction");
    CHECK(name_of({0xfa}) == "privileged instruction cli");
    CHECK(name_of({0xfb}) == "privileged instruction sti");
    CHECK(name_of({0xcd, 0x80}) == "software interrupt int 0x80, which Ember does not provide");
    CHECK(name_of({0xf3, 0x48, 0x0f, 0xae, 0xd8}) ==
          "FS/GS base instruction, which Ember leaves off (CR4.FSGSBASE)");
    CHECK(name_of({0x0f, 0x05}).substr(0, 7) == "syscall");
}

TEST_CASE("ordinary instructions are not named", "[privileged_instruction]") {
    CHECK(name_of({0x48, 0x89, 0xc7}).empty());  // mov %rax,%rdi
    CHECK(name_of({0x0f, 0x01, 0xd0}).empty());  // xgetbv: allowed in ring 3
    CHECK(name_of({0x0f, 0xae, 0xd8}).empty());  // no F3 prefix: not wrgsbase
    CHECK(name_of({}).empty());
    CHECK(name_of({0x66, 0x66, 0x66}).empty());  // prefixes only
}
