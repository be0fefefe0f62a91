// GDT, TSS with I/O permission bitmap, IDT and the exception stub.
#include "sandbox/x86_64/system_tables.hpp"

#include <ember/abi.h>

#include <array>

#include "sandbox/x86_64/exception_stub.hpp"

namespace ember::sandbox::x86_64 {

namespace {

// Flat 64-bit segments, accessed bits already set: loading a selector then
// never makes the CPU write to the (read-only) GDT.
constexpr uint64_t kernel_code_descriptor = 0x00af9b000000ffffull;  // DPL 0, code, L
constexpr uint64_t kernel_data_descriptor = 0x00cf93000000ffffull;  // DPL 0, data
constexpr uint64_t user_data_descriptor = 0x00cff3000000ffffull;    // DPL 3, data
constexpr uint64_t user_code_descriptor = 0x00affb000000ffffull;    // DPL 3, code, L

// 64-bit interrupt gates (interrupts stay off in the stub); DPL 3 only for
// #BP, so that a guest's int3 is reported as a breakpoint rather than as
// the #GP that every other `int $n` from ring 3 raises.
constexpr uint8_t gate_dpl0 = 0x8e, gate_dpl3 = 0xee;
constexpr uint8_t breakpoint_vector = 3;
constexpr uint8_t ist_exception_stack = 1;

constexpr uint8_t hypercall_ports[] = {EMBER_PORT_READY, EMBER_PORT_DONE, EMBER_PORT_HOSTCALL,
                                       EMBER_PORT_ABORT};

struct [[gnu::packed]] Tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};
static_assert(sizeof(Tss64) == tss_size);

struct IdtGate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

void write_gdt(const GuestMemory& memory) {
    memory.write<uint64_t>(Gpa{gdt_gpa + kernel_code_selector}, kernel_code_descriptor);
    memory.write<uint64_t>(Gpa{gdt_gpa + kernel_data_selector}, kernel_data_descriptor);
    memory.write<uint64_t>(Gpa{gdt_gpa + (user_data_selector & ~3u)}, user_data_descriptor);
    memory.write<uint64_t>(Gpa{gdt_gpa + (user_code_selector & ~3u)}, user_code_descriptor);
    // A 64-bit TSS descriptor spans two slots; type 0xb is "busy", as the
    // CPU expects of the loaded task register.
    const uint64_t low = tss_limit | ((tss_gpa & 0xffffff) << 16) | (0xbull << 40) | (1ull << 47) |
                         (((tss_gpa >> 24) & 0xff) << 56);
    memory.write<uint64_t>(Gpa{gdt_gpa + tss_selector}, low);
    memory.write<uint64_t>(Gpa{gdt_gpa + tss_selector + 8}, tss_gpa >> 32);
}

void write_tss(const GuestMemory& memory) {
    Tss64 tss{};
    tss.rsp[0] = EMBER_EXCEPTION_STACK_TOP;
    tss.ist[ist_exception_stack - 1] = EMBER_EXCEPTION_STACK_TOP;
    tss.iomap_base = tss_size;
    memory.write(Gpa{tss_gpa}, tss);

    // A set bit denies its port; the byte after the bitmap must be all ones.
    std::array<uint8_t, io_bitmap_bytes + 1> bitmap;
    bitmap.fill(0xff);
    for (uint8_t port : hypercall_ports)
        bitmap[port / 8] &= static_cast<uint8_t>(~(1u << (port % 8)));
    memory.write(Gpa{tss_gpa + tss_size}, bitmap);
}

uint16_t write_idt(const GuestMemory& memory) {
    for (unsigned vector = 0; vector < exception_vectors; ++vector) {
        const uint64_t handler = EMBER_EXCEPTION_STUB_GPA + exception_stub_entry(vector);
        const IdtGate gate{
            static_cast<uint16_t>(handler),
            kernel_code_selector,
            ist_exception_stack,
            vector == breakpoint_vector ? gate_dpl3 : gate_dpl0,
            static_cast<uint16_t>(handler >> 16),
            static_cast<uint32_t>(handler >> 32),
            0,
        };
        memory.write(Gpa{idt_gpa + vector * sizeof(IdtGate)}, gate);
    }
    return exception_vectors * sizeof(IdtGate) - 1;
}

}  // namespace

uint16_t write_system_tables(const GuestMemory& memory) {
    write_gdt(memory);
    write_tss(memory);
    const std::span<const std::byte> stub = exception_stub();
    std::copy(stub.begin(), stub.end(),
              memory.at(Gpa{EMBER_EXCEPTION_STUB_GPA}, stub.size()).begin());
    return write_idt(memory);
}

}  // namespace ember::sandbox::x86_64
