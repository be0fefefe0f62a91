// The vCPU's starting state: 64-bit long mode with paging, the host-built
// system tables (system_tables.hpp), and the guest's entry point in ring 3.
// Composed of small steps in the manner of kvmtool's x86/kvm-cpu.c.
#pragma once

#include <linux/kvm.h>

#include <cstdint>

#include "sandbox/layout.hpp"

namespace ember::sandbox::x86_64 {

// Segment, control and descriptor-table registers: long mode, CPL 3, the
// GDT/TSS/IDT at EMBER_SYSTEM_TABLES_GPA, x87/SSE on (and CR4.OSXSAVE with
// `osxsave`). `sregs` comes from the vCPU (KVM_GET_SREGS) so fields Ember
// does not set keep KVM's values.
void setup_long_mode(kvm_sregs& sregs, uint64_t cr3, uint16_t idt_limit, bool osxsave);

// General registers for entering the guest's ELF entry point.
kvm_regs entry_registers(uint64_t entry, const Layout& layout);

// The privilege level the vCPU was running at, from its SS (VMX and SVM
// both keep CPL = SS.DPL).
inline unsigned current_privilege_level(const kvm_sregs& sregs) {
    return sregs.ss.dpl;
}

}  // namespace ember::sandbox::x86_64
