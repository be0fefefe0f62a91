// Long-mode vCPU set-up.
#include "sandbox/x86_64/cpu_setup.hpp"

#include <ember/abi.h>

#include "sandbox/x86_64/system_tables.hpp"

namespace ember::sandbox::x86_64 {

namespace {

// CR0: no TS (it would not trap ring-3 SSE here anyway, and the host
// restores FPU state after every call instead), WP so that even ring 0
// honours read-only pages.
constexpr uint64_t cr0_pe = 1ull << 0, cr0_mp = 1ull << 1, cr0_et = 1ull << 4, cr0_ne = 1ull << 5,
                   cr0_wp = 1ull << 16, cr0_pg = 1ull << 31;
// CR4: no FSGSBASE, so ring 3 cannot move its FS/GS bases (rd/wrfsbase
// raise #UD); no TSD, so rdtsc works.
constexpr uint64_t cr4_pae = 1ull << 5, cr4_osfxsr = 1ull << 9, cr4_osxmmexcpt = 1ull << 10,
                   cr4_osxsave = 1ull << 18;
// EFER: no SCE, so syscall/sysret raise #UD.
constexpr uint64_t efer_lme = 1ull << 8, efer_lma = 1ull << 10, efer_nxe = 1ull << 11;

kvm_segment flat_segment(uint16_t selector, uint8_t type, bool code) {
    kvm_segment s{};
    s.base = 0;
    s.limit = 0xffffffff;
    s.selector = selector;
    s.type = type;
    s.present = 1;
    s.dpl = selector & 3;
    s.db = code ? 0 : 1;
    s.s = 1;
    s.l = code ? 1 : 0;
    s.g = 1;
    return s;
}

}  // namespace

void setup_long_mode(kvm_sregs& sregs, uint64_t cr3, uint16_t idt_limit, bool osxsave) {
    sregs.cs = flat_segment(user_code_selector, 0xb, true);
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss =
        flat_segment(user_data_selector, 0x3, false);

    sregs.tr = kvm_segment{};
    sregs.tr.base = tss_gpa;
    sregs.tr.limit = tss_limit;
    sregs.tr.selector = tss_selector;
    sregs.tr.type = 0xb;
    sregs.tr.present = 1;

    sregs.gdt.base = gdt_gpa;
    sregs.gdt.limit = gdt_limit;
    sregs.idt.base = idt_gpa;
    sregs.idt.limit = idt_limit;

    sregs.cr0 = cr0_pe | cr0_mp | cr0_et | cr0_ne | cr0_wp | cr0_pg;
    sregs.cr3 = cr3;
    sregs.cr4 = cr4_pae | cr4_osfxsr | cr4_osxmmexcpt | (osxsave ? cr4_osxsave : 0);
    sregs.efer = efer_lme | efer_lma | efer_nxe;
}

kvm_regs entry_registers(uint64_t entry, const Layout& layout) {
    kvm_regs regs{};
    regs.rip = entry;
    regs.rsp = layout.stack_end;
    regs.rdi = EMBER_BOOT_GPA;
    regs.rflags = 0x2;  // bit 1 is reserved and always set; IOPL 0, interrupts off
    return regs;
}

}  // namespace ember::sandbox::x86_64
