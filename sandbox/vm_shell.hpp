// Empty micro-VMs made ahead of need, and used ones destroyed after it. Creating a VM and its vCPU
// costs about a millisecond of KVM ioctls on nested KVM — more than everything else a new sandbox
// needs — and none of it depends on the function, so a background thread can pay it before anyone
// waits.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sandbox/kvm/vcpu.hpp"
#include "sandbox/kvm/vm.hpp"

namespace ember::sandbox {

// A VM with one vCPU: the guest's filtered CPUID and XCR0, an MSR filter
// that denies every MSR, sync regs on; no memory yet. Throws KvmError when
// the kernel cannot do any of it: Ember never runs a guest without them.
class VmShell {
  public:
    VmShell();

    kvm::Vm& vm() { return vm_; }
    kvm::Vcpu& vcpu() { return vcpu_; }

  private:
    kvm::Vm vm_;
    kvm::Vcpu vcpu_;
};

// One per process, and deliberately a singleton rather than an object that
// main passes down: every Machine takes its VM here — in emberd, the CLI, the
// benchmarks and the tests — and a stash per owner would split the premade
// VMs. Its owners steer it through keep_ready() only. It is made after, and
// so destroyed before, kvm::System and x86_64::GuestCpu (both immutable
// once made), which it uses.
struct ShellStashStats {
    std::size_t ready = 0;          // shells waiting to be taken
    uint64_t made_ahead = 0;        // by the background thread
    uint64_t made_on_demand = 0;    // by take(), none being ready
    uint64_t destroyed_behind = 0;  // discarded shells the background thread destroyed
};

class ShellStash {
  public:
    // Throws KvmError when /dev/kvm cannot be opened.
    static ShellStash& instance();

    // A ready shell, or a new one made on the spot when none is ready.
    std::unique_ptr<VmShell> take();

    // Takes a used VM to destroy: tearing a VM down costs most of a
    // millisecond here, so with the background thread running it happens
    // there, off the caller's path; otherwise right away.
    void discard(std::unique_ptr<VmShell> shell);

    // Keeps up to `count` shells ready, made by a background thread; 0 (the
    // default) keeps none and stops the thread.
    void keep_ready(std::size_t count);

    // Waits until the stash holds its target number of shells (benchmarks).
    void wait_full();

    ShellStashStats stats() const;

    ShellStash(const ShellStash&) = delete;
    ShellStash& operator=(const ShellStash&) = delete;
    ~ShellStash();

  private:
    ShellStash() = default;
    void refill();

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::unique_ptr<VmShell>> shells_;
    std::vector<std::unique_ptr<VmShell>> discarded_;
    std::size_t target_ = 0;
    ShellStashStats counters_;  // `ready` is shells_.size()
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ember::sandbox
