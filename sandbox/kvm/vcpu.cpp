// KVM vCPU ioctls.
#include "sandbox/kvm/vcpu.hpp"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include "sandbox/kvm/kvm_error.hpp"
#include "sandbox/kvm/system.hpp"

namespace ember::kvm {

namespace {

template <typename T>
T get(int fd, unsigned long request, const char* what) {
    T value{};
    check(::ioctl(fd, request, &value), what);
    return value;
}

template <typename T>
void set(int fd, unsigned long request, const T& value, const char* what) {
    check(::ioctl(fd, request, &value), what);
}

}  // namespace

Vcpu::Vcpu(Vm& vm)
    : fd_(check(::ioctl(vm.fd(), KVM_CREATE_VCPU, 0), "KVM_CREATE_VCPU")),
      run_(System::instance().vcpu_mmap_size(), PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get()) {}

void Vcpu::set_cpuid(const kvm_cpuid2& cpuid) {
    check(::ioctl(fd_.get(), ioctl_set_cpuid2, &cpuid), "KVM_SET_CPUID2");
}

void Vcpu::set_xcr0(uint64_t xcr0) {
    kvm_xcrs xcrs{};
    xcrs.nr_xcrs = 1;
    xcrs.xcrs[0].xcr = 0;
    xcrs.xcrs[0].value = xcr0;
    set(fd_.get(), KVM_SET_XCRS, xcrs, "KVM_SET_XCRS");
}

int Vcpu::run() {
    if (::ioctl(fd_.get(), KVM_RUN, 0) == 0) return 0;
    if (errno == EINTR || errno == EAGAIN) return errno;
    throw KvmError(errno, "KVM_RUN");
}

kvm_regs Vcpu::regs() const {
    return get<kvm_regs>(fd_.get(), KVM_GET_REGS, "KVM_GET_REGS");
}
void Vcpu::set_regs(const kvm_regs& r) {
    set(fd_.get(), KVM_SET_REGS, r, "KVM_SET_REGS");
}
kvm_sregs Vcpu::sregs() const {
    return get<kvm_sregs>(fd_.get(), KVM_GET_SREGS, "KVM_GET_SREGS");
}
void Vcpu::set_sregs(const kvm_sregs& r) {
    set(fd_.get(), KVM_SET_SREGS, r, "KVM_SET_SREGS");
}
// struct kvm_xsave ends in a flexible array that C++ sizes differently from
// C, so the ioctl numbers are spelled out with C's 4096 bytes.
XsaveArea Vcpu::xsave() const {
    return get<XsaveArea>(fd_.get(), _IOC(_IOC_READ, KVMIO, 0xa4, sizeof(XsaveArea)),
                          "KVM_GET_XSAVE");
}
void Vcpu::set_xsave(const XsaveArea& r) {
    set(fd_.get(), _IOC(_IOC_WRITE, KVMIO, 0xa5, sizeof(XsaveArea)), r, "KVM_SET_XSAVE");
}

kvm_debugregs Vcpu::debugregs() const {
    return get<kvm_debugregs>(fd_.get(), KVM_GET_DEBUGREGS, "KVM_GET_DEBUGREGS");
}
void Vcpu::set_debugregs(const kvm_debugregs& r) {
    set(fd_.get(), KVM_SET_DEBUGREGS, r, "KVM_SET_DEBUGREGS");
}

kvm_vcpu_events Vcpu::events() const {
    return get<kvm_vcpu_events>(fd_.get(), KVM_GET_VCPU_EVENTS, "KVM_GET_VCPU_EVENTS");
}
void Vcpu::set_events(const kvm_vcpu_events& r) {
    set(fd_.get(), KVM_SET_VCPU_EVENTS, r, "KVM_SET_VCPU_EVENTS");
}

void Vcpu::enable_sync_regs() {
    run_state().kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS | KVM_SYNC_X86_EVENTS;
}

}  // namespace ember::kvm
