// One KVM virtual machine: its memory slots, dirty log and MSR filter
// (Documentation/virt/kvm/api.rst §4.2 KVM_CREATE_VM, §4.35, §4.7, §4.97).
#pragma once

#include <cstdint>
#include <span>

#include "base/unique_fd.hpp"

namespace ember::kvm {

class Vm {
  public:
    Vm();  // throws KvmError

    int fd() const { return fd_.get(); }

    // Maps host memory at guest physical `gpa` in `slot`; with `log_dirty`
    // the guest's writes to it are recorded for get_dirty_log().
    void set_memory(uint32_t slot, uint64_t gpa, std::span<std::byte> host, bool log_dirty);
    // Fills `bitmap` (one bit per 4 KiB page of the slot) with the pages the
    // guest wrote since the last call, and starts a new log.
    void get_dirty_log(uint32_t slot, std::span<uint64_t> bitmap);
    // Makes every guest RDMSR and WRMSR fail with #GP, whatever the MSR
    // (api.rst §4.97 KVM_X86_SET_MSR_FILTER, default deny). Throws KvmError
    // when KVM cannot filter MSRs.
    void deny_all_msrs();

  private:
    UniqueFd fd_;
};

}  // namespace ember::kvm
