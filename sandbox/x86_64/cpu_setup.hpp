// The vCPU's starting state: 64-bit long mode in ring 0 with paging, the
// host-built GDT and TSS, and the registers for the guest's entry point.
// Composed of small steps in the manner of kvmtool's x86/kvm-cpu.c.
#pragma once

#include <linux/kvm.h>

#include <cstdint>

#include "sandbox/guest_memory.hpp"
#include "sandbox/layout.hpp"

namespace ember::sandbox::x86_64 {

// CR0.TS: while set, the guest's first x87/SSE instruction traps (#NM) into
// its own runtime, which clears it. The host reads CR0 after a call to learn
// whether the FPU state needs restoring.
inline constexpr uint64_t cr0_task_switched = 1ull << 3;

// Writes the GDT and TSS at EMBER_GDT_GPA.
void write_descriptor_tables(const GuestMemory& memory);

// Segment, control and descriptor-table registers for long mode. `sregs`
// comes from the vCPU (KVM_GET_SREGS) so fields Ember does not set keep
// KVM's values.
void setup_long_mode(kvm_sregs& sregs, uint64_t cr3);

// General registers for entering the guest's ELF entry point.
kvm_regs entry_registers(uint64_t entry, const Layout& layout);

}  // namespace ember::sandbox::x86_64
