// /dev/kvm itself: API version, capabilities, the vCPU mapping size, CPUID.
// One per process, shared by every VM (Documentation/virt/kvm/api.rst §4.1-4.5).
#pragma once

#include <linux/kvm.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "base/unique_fd.hpp"

namespace ember::kvm {

// <linux/kvm.h> declares struct kvm_cpuid2's entries with
// __DECLARE_FLEX_ARRAY, which C++ sizes 4 bytes larger than C does; the
// ioctl numbers embed that size, so these two are spelled out with C's
// 8-byte header (api.rst §4.46 KVM_GET_SUPPORTED_CPUID, §4.73 KVM_SET_CPUID2).
inline constexpr unsigned long ioctl_get_supported_cpuid =
    _IOC(_IOC_READ | _IOC_WRITE, KVMIO, 0x05, 8);
inline constexpr unsigned long ioctl_set_cpuid2 = _IOC(_IOC_WRITE, KVMIO, 0x90, 8);

// A singleton because the kernel's /dev/kvm is one per machine and every
// ioctl wrapper below needs it; it is immutable once opened, so sharing it
// costs no locking and hides no state a test would need to replace.
class System {
  public:
    // Opens /dev/kvm once per process; throws KvmError when it is missing.
    static const System& instance();
    // True when /dev/kvm can be opened read-write (tests use it to skip).
    static bool available();

    int fd() const { return fd_.get(); }
    int check_extension(long cap) const;
    std::size_t vcpu_mmap_size() const { return vcpu_mmap_size_; }
    // What the host CPU and KVM support (sandbox/x86_64/guest_cpu.hpp
    // filters it for guests).
    const kvm_cpuid2& supported_cpuid() const;
    bool has_sync_regs() const { return sync_regs_; }
    bool has_msr_filter() const { return msr_filter_; }

  private:
    System();

    UniqueFd fd_;
    std::size_t vcpu_mmap_size_ = 0;
    std::vector<std::byte> cpuid_storage_;
    bool sync_regs_ = false;
    bool msr_filter_ = false;
};

}  // namespace ember::kvm
