// KVM VM ioctls.
#include "sandbox/kvm/vm.hpp"

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <array>

#include "sandbox/kvm/kvm_error.hpp"
#include "sandbox/kvm/system.hpp"

namespace ember::kvm {

namespace {

// Intel needs three pages for the real-mode TSS somewhere in guest physical
// space even though Ember never leaves long mode; put them far above any
// guest memory (the address Firecracker and QEMU use).
constexpr unsigned long tss_address = 0xfffbd000;
constexpr uint32_t msrs_per_range = 0x2000;

}  // namespace

Vm::Vm() : fd_(check(::ioctl(System::instance().fd(), KVM_CREATE_VM, 0), "KVM_CREATE_VM")) {
    check(::ioctl(fd_.get(), KVM_SET_TSS_ADDR, tss_address), "KVM_SET_TSS_ADDR");
}

void Vm::set_memory(uint32_t slot, uint64_t gpa, std::span<std::byte> host, bool log_dirty) {
    kvm_userspace_memory_region region{};
    region.slot = slot;
    region.flags = log_dirty ? KVM_MEM_LOG_DIRTY_PAGES : 0;
    region.guest_phys_addr = gpa;
    region.memory_size = host.size();
    region.userspace_addr = reinterpret_cast<uint64_t>(host.data());
    check(::ioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, &region), "KVM_SET_USER_MEMORY_REGION");
}

void Vm::get_dirty_log(uint32_t slot, std::span<uint64_t> bitmap) {
    kvm_dirty_log log{};
    log.slot = slot;
    log.dirty_bitmap = bitmap.data();
    check(::ioctl(fd_.get(), KVM_GET_DIRTY_LOG, &log), "KVM_GET_DIRTY_LOG");
}

void Vm::deny_all_msrs() {
    if (!System::instance().has_msr_filter()) {
        throw KvmError(ENOTSUP, "KVM_X86_SET_MSR_FILTER (KVM_CAP_X86_MSR_FILTER is missing)");
    }
    // KVM refuses a default-deny filter without ranges, so one range says
    // "deny" too: a clear bit in a range's bitmap denies its MSR.
    static const std::array<uint8_t, msrs_per_range / 8> deny_all{};
    kvm_msr_filter filter{};
    filter.flags = KVM_MSR_FILTER_DEFAULT_DENY;
    filter.ranges[0].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
    filter.ranges[0].base = 0;
    filter.ranges[0].nmsrs = msrs_per_range;
    filter.ranges[0].bitmap = const_cast<uint8_t*>(deny_all.data());
    check(::ioctl(fd_.get(), KVM_X86_SET_MSR_FILTER, &filter), "KVM_X86_SET_MSR_FILTER");
}

}  // namespace ember::kvm
