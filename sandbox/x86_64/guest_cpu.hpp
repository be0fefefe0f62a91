// What CPU the guest is shown: the host's CPUID, filtered down to what the
// sandbox supports (no hypervisor leaves, no AVX-512, AMX, PKU, FSGSBASE,
// SGX, VMX, x2APIC, ...), and the XCR0 that goes with it: x87 and SSE
// always, AVX when the host has it.
#pragma once

#include <linux/kvm.h>

#include <cstdint>
#include <vector>

namespace ember::sandbox::x86_64 {

inline constexpr uint64_t xcr0_x87 = 1, xcr0_sse = 2, xcr0_avx = 4;

class GuestCpu {
  public:
    // Built once per process from KVM's supported CPUID.
    static const GuestCpu& instance();

    const kvm_cpuid2& cpuid() const;
    // XSAVE is offered (CR4.OSXSAVE on, XCR0 set); otherwise x87 and SSE
    // only, through FXSAVE.
    bool xsave() const { return xcr0_ != 0; }
    uint64_t xcr0() const { return xcr0_; }

    // Filters `entries` in place; returns the XCR0 to use (0: no XSAVE).
    static uint64_t filter(std::vector<kvm_cpuid_entry2>& entries);

  private:
    GuestCpu();

    std::vector<std::byte> storage_;
    uint64_t xcr0_ = 0;
};

}  // namespace ember::sandbox::x86_64
