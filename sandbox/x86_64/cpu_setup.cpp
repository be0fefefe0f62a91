// Long-mode vCPU set-up.
#include "sandbox/x86_64/cpu_setup.hpp"

#include <ember/abi.h>

namespace ember::sandbox::x86_64 {

namespace {

constexpr uint64_t cr0_pe = 1ull << 0, cr0_mp = 1ull << 1, cr0_et = 1ull << 4, cr0_ne = 1ull << 5,
                   cr0_wp = 1ull << 16, cr0_pg = 1ull << 31;
constexpr uint64_t cr4_pae = 1ull << 5, cr4_osfxsr = 1ull << 9, cr4_osxmmexcpt = 1ull << 10;
constexpr uint64_t efer_lme = 1ull << 8, efer_lma = 1ull << 10, efer_nxe = 1ull << 11;

// Descriptors with their accessed bits already set: loading a segment then
// never makes the CPU write to the (read-only) GDT.
constexpr uint64_t code64_descriptor = 0x00af9b000000ffffull;
constexpr uint64_t data_descriptor = 0x00cf93000000ffffull;
constexpr uint64_t tss_gpa = EMBER_GDT_GPA + 0x100;
constexpr uint16_t tss_limit = 0x67;
constexpr uint64_t gdt_entries = 5;  // null, code, data, TSS (two slots)

struct [[gnu::packed]] Tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};
static_assert(sizeof(Tss64) == tss_limit + 1);

kvm_segment flat_segment(uint16_t selector, uint8_t type, bool code) {
    kvm_segment s{};
    s.base = 0;
    s.limit = 0xffffffff;
    s.selector = selector;
    s.type = type;
    s.present = 1;
    s.dpl = 0;
    s.db = code ? 0 : 1;
    s.s = 1;
    s.l = code ? 1 : 0;
    s.g = 1;
    return s;
}

}  // namespace

void write_descriptor_tables(const GuestMemory& memory) {
    memory.write<uint64_t>(Gpa{EMBER_GDT_GPA + EMBER_SELECTOR_CODE}, code64_descriptor);
    memory.write<uint64_t>(Gpa{EMBER_GDT_GPA + EMBER_SELECTOR_DATA}, data_descriptor);
    // A 64-bit TSS descriptor spans two GDT slots; type 0xb is "busy", as
    // the CPU expects of the loaded task register.
    const uint64_t low = tss_limit | ((tss_gpa & 0xffffff) << 16) | (0xbull << 40) | (1ull << 47) |
                         (((tss_gpa >> 24) & 0xff) << 56);
    memory.write<uint64_t>(Gpa{EMBER_GDT_GPA + EMBER_SELECTOR_TSS}, low);
    memory.write<uint64_t>(Gpa{EMBER_GDT_GPA + EMBER_SELECTOR_TSS + 8}, tss_gpa >> 32);

    Tss64 tss{};
    tss.rsp[0] = EMBER_EXCEPTION_STACK_TOP;
    tss.ist[0] = EMBER_EXCEPTION_STACK_TOP;
    tss.iomap_base = sizeof(Tss64);  // no I/O permission bitmap
    memory.write(Gpa{tss_gpa}, tss);
}

void setup_long_mode(kvm_sregs& sregs, uint64_t cr3) {
    sregs.cs = flat_segment(EMBER_SELECTOR_CODE, 0xb, true);
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss =
        flat_segment(EMBER_SELECTOR_DATA, 0x3, false);

    sregs.tr = kvm_segment{};
    sregs.tr.base = tss_gpa;
    sregs.tr.limit = tss_limit;
    sregs.tr.selector = EMBER_SELECTOR_TSS;
    sregs.tr.type = 0xb;
    sregs.tr.present = 1;

    sregs.gdt.base = EMBER_GDT_GPA;
    sregs.gdt.limit = gdt_entries * 8 - 1;
    sregs.idt.base = 0;
    sregs.idt.limit = 0;  // until the guest runtime loads its own IDT

    sregs.cr0 = cr0_pe | cr0_mp | cr0_et | cr0_ne | cr0_wp | cr0_pg | cr0_task_switched;
    sregs.cr3 = cr3;
    sregs.cr4 = cr4_pae | cr4_osfxsr | cr4_osxmmexcpt;
    sregs.efer = efer_lme | efer_lma | efer_nxe;
}

kvm_regs entry_registers(uint64_t entry, const Layout& layout) {
    kvm_regs regs{};
    regs.rip = entry;
    regs.rsp = layout.stack_end;
    regs.rdi = EMBER_BOOT_GPA;
    regs.rflags = 0x2;  // bit 1 is reserved and always set; interrupts off
    return regs;
}

}  // namespace ember::sandbox::x86_64
