// One virtual CPU: its kvm_run mapping and register ioctls
// (Documentation/virt/kvm/api.rst §4.7 KVM_CREATE_VCPU, §4.10 KVM_RUN,
// §4.11-4.14 registers, §4.42 XSAVE, §4.32 debug registers, §4.31 events).
#pragma once

#include <linux/kvm.h>

#include <array>
#include <cstdint>

#include "base/unique_fd.hpp"
#include "sandbox/kvm/vm.hpp"
#include "sandbox/mapping.hpp"

namespace ember::kvm {

// The XSAVE area of KVM_GET_XSAVE: x87, SSE, the XSAVE header and AVX, all
// that a guest's XCR0 can enable (sandbox/x86_64/guest_cpu.hpp). KVM_GET_FPU
// is not used: on nested (PVM) KVM it neither reports nor restores MXCSR.
struct XsaveArea {
    alignas(64) std::array<uint32_t, 1024> region{};
};

class Vcpu {
  public:
    // Creates vCPU 0 of `vm`.
    explicit Vcpu(Vm& vm);

    // The CPUID the guest sees (§4.73 KVM_SET_CPUID2), before the first run.
    void set_cpuid(const kvm_cpuid2& cpuid);
    // XCR0 (§4.60 KVM_SET_XCRS); the CPUID must allow it.
    void set_xcr0(uint64_t xcr0);

    kvm_run& run_state() const { return *reinterpret_cast<kvm_run*>(run_.data()); }

    // Enters the guest until the next exit. Returns 0, or the errno of an
    // interrupted entry (EINTR: a signal or immediate_exit). Other failures
    // throw KvmError.
    int run();

    kvm_regs regs() const;
    void set_regs(const kvm_regs& regs);
    kvm_sregs sregs() const;
    void set_sregs(const kvm_sregs& sregs);
    XsaveArea xsave() const;
    void set_xsave(const XsaveArea& area);
    kvm_debugregs debugregs() const;
    void set_debugregs(const kvm_debugregs& regs);
    kvm_vcpu_events events() const;
    void set_events(const kvm_vcpu_events& events);

    // Asks KVM to mirror regs, sregs and events into kvm_run on every exit,
    // so that reading and restoring them costs no extra ioctl.
    void enable_sync_regs();

  private:
    UniqueFd fd_;
    sandbox::Mapping run_;
};

}  // namespace ember::kvm
