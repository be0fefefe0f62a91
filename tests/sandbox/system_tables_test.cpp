#include "sandbox/x86_64/system_tables.hpp"

#include <catch2/catch.hpp>

#include <vector>

#include "sandbox/x86_64/exception_stub.hpp"

using namespace ember::sandbox;
using namespace ember::sandbox::x86_64;

namespace {

struct Tables {
    std::vector<std::byte> bytes = std::vector<std::byte>(1 << 20);
    GuestMemory memory{bytes};
    uint16_t idt_limit = write_system_tables(memory);
};

unsigned dpl_of_descriptor(uint64_t descriptor) {
    return static_cast<unsigned>((descriptor >> 45) & 3);
}

bool port_allowed(const GuestMemory& memory, unsigned port) {
    const auto byte = memory.read<uint8_t>(Gpa{tss_gpa + tss_size + port / 8});
    return (byte & (1u << (port % 8))) == 0;
}

uint8_t at(const GuestMemory& memory, uint64_t gpa) {
    return memory.read<uint8_t>(Gpa{gpa});
}

}  // namespace

TEST_CASE("the GDT has ring-0 and ring-3 segments, accessed bits preset", "[system_tables]") {
    Tables t;
    const auto descriptor = [&](uint16_t selector) {
        return t.memory.read<uint64_t>(Gpa{gdt_gpa + (selector & ~3u)});
    };
    CHECK(dpl_of_descriptor(descriptor(kernel_code_selector)) == 0);
    CHECK(dpl_of_descriptor(descriptor(kernel_data_selector)) == 0);
    CHECK(dpl_of_descriptor(descriptor(user_code_selector)) == 3);
    CHECK(dpl_of_descriptor(descriptor(user_data_selector)) == 3);
    for (uint16_t selector :
         {kernel_code_selector, kernel_data_selector, user_code_selector, user_data_selector}) {
        CHECK((descriptor(selector) & (1ull << 40)) != 0);  // accessed
    }
    CHECK((user_code_selector & 3) == 3);
    CHECK((user_data_selector & 3) == 3);
}

TEST_CASE("the I/O bitmap grants ring 3 exactly the guest hypercall ports", "[system_tables]") {
    Tables t;
    for (unsigned port = 0; port < 256; ++port) {
        INFO("port " << port);
        const bool hypercall = port == EMBER_PORT_READY || port == EMBER_PORT_DONE ||
                               port == EMBER_PORT_HOSTCALL || port == EMBER_PORT_ABORT;
        CHECK(port_allowed(t.memory, port) == hypercall);
    }
    CHECK_FALSE(port_allowed(t.memory, EMBER_PORT_EXCEPTION));
    CHECK(at(t.memory, tss_gpa + tss_size + io_bitmap_bytes) == 0xff);  // terminator
    CHECK(t.memory.read<uint16_t>(Gpa{tss_gpa + 0x66}) == tss_size);    // iomap base
    // Ports above 255 lie beyond the TSS limit: denied.
    CHECK(tss_limit == tss_size + io_bitmap_bytes);
}

TEST_CASE("the TSS switches exceptions to the exception stack", "[system_tables]") {
    Tables t;
    CHECK(t.memory.read<uint64_t>(Gpa{tss_gpa + 4}) == EMBER_EXCEPTION_STACK_TOP);     // RSP0
    CHECK(t.memory.read<uint64_t>(Gpa{tss_gpa + 0x24}) == EMBER_EXCEPTION_STACK_TOP);  // IST1
}

TEST_CASE("IDT gates lead into the stub in ring 0, only #BP is open to ring 3", "[system_tables]") {
    Tables t;
    CHECK(t.idt_limit == exception_vectors * 16 - 1);
    for (unsigned vector = 0; vector < exception_vectors; ++vector) {
        INFO("vector " << vector);
        const uint64_t gate = idt_gpa + vector * 16;
        const uint64_t offset = t.memory.read<uint16_t>(Gpa{gate}) |
                                uint64_t{t.memory.read<uint16_t>(Gpa{gate + 6})} << 16 |
                                uint64_t{t.memory.read<uint32_t>(Gpa{gate + 8})} << 32;
        CHECK(offset == EMBER_EXCEPTION_STUB_GPA + exception_stub_entry(vector));
        CHECK(t.memory.read<uint16_t>(Gpa{gate + 2}) == kernel_code_selector);
        CHECK(at(t.memory, gate + 4) == 1);  // IST1
        const unsigned dpl = (at(t.memory, gate + 5) >> 5) & 3;
        CHECK(dpl == (vector == 3 ? 3u : 0u));
    }
}

TEST_CASE("the stub pushes the vector (and a zero error code where the CPU pushes none)",
          "[system_tables]") {
    Tables t;
    const uint64_t stub = EMBER_EXCEPTION_STUB_GPA;
    // #DE: push $0; push $0
    CHECK(at(t.memory, stub + exception_stub_entry(0)) == 0x6a);
    CHECK(at(t.memory, stub + exception_stub_entry(0) + 1) == 0);
    CHECK(at(t.memory, stub + exception_stub_entry(0) + 2) == 0x6a);
    CHECK(at(t.memory, stub + exception_stub_entry(0) + 3) == 0);
    // #PF has its own error code: push $14 straight away
    CHECK(at(t.memory, stub + exception_stub_entry(14)) == 0x6a);
    CHECK(at(t.memory, stub + exception_stub_entry(14) + 1) == 14);
    // Every entry jumps to the common exit, which is `out %al, $0xe4`.
    for (unsigned vector = 0; vector < exception_vectors; ++vector) {
        INFO("vector " << vector);
        const uint64_t entry = stub + exception_stub_entry(vector);
        const bool cpu_pushes_error = at(t.memory, entry + 2) == 0xe9;
        const uint64_t jmp = entry + (cpu_pushes_error ? 2 : 4);
        CHECK(at(t.memory, jmp - 1) == vector);  // the last push is the vector
        REQUIRE(at(t.memory, jmp) == 0xe9);
        const auto rel = t.memory.read<int32_t>(Gpa{jmp + 1});
        const uint64_t target = jmp + 5 + static_cast<uint64_t>(static_cast<int64_t>(rel));
        CHECK(at(t.memory, target) == 0xe6);
        CHECK(at(t.memory, target + 1) == EMBER_PORT_EXCEPTION);
    }
}
