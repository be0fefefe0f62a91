// /dev/kvm: version and capability checks.
#include "sandbox/kvm/system.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sandbox/kvm/kvm_error.hpp"

namespace ember::kvm {

namespace {

constexpr int max_cpuid_entries = 256;

}  // namespace

const System& System::instance() {
    static const System system;
    return system;
}

bool System::available() {
    return ::access("/dev/kvm", R_OK | W_OK) == 0;
}

System::System() : fd_(::open("/dev/kvm", O_RDWR | O_CLOEXEC)) {
    if (!fd_) throw KvmError(errno, "opening /dev/kvm");
    if (check(::ioctl(fd_.get(), KVM_GET_API_VERSION, 0), "KVM_GET_API_VERSION") !=
        KVM_API_VERSION) {
        throw KvmError(ENOTSUP, "KVM API version is not 12");
    }
    vcpu_mmap_size_ = static_cast<std::size_t>(
        check(::ioctl(fd_.get(), KVM_GET_VCPU_MMAP_SIZE, 0), "KVM_GET_VCPU_MMAP_SIZE"));
    const int sync = check_extension(KVM_CAP_SYNC_REGS);
    sync_regs_ = (sync & KVM_SYNC_X86_VALID_FIELDS) == KVM_SYNC_X86_VALID_FIELDS;
    msr_filter_ = check_extension(KVM_CAP_X86_MSR_FILTER) > 0;

    cpuid_storage_.resize(8 + max_cpuid_entries * sizeof(kvm_cpuid_entry2));
    auto* cpuid = reinterpret_cast<kvm_cpuid2*>(cpuid_storage_.data());
    cpuid->nent = max_cpuid_entries;
    check(::ioctl(fd_.get(), ioctl_get_supported_cpuid, cpuid), "KVM_GET_SUPPORTED_CPUID");
}

int System::check_extension(long cap) const {
    const int r = ::ioctl(fd_.get(), KVM_CHECK_EXTENSION, cap);
    return r < 0 ? 0 : r;
}

const kvm_cpuid2& System::supported_cpuid() const {
    return *reinterpret_cast<const kvm_cpuid2*>(cpuid_storage_.data());
}

}  // namespace ember::kvm
