// The stash of pre-made VMs and the thread that keeps it full.
#include "sandbox/vm_shell.hpp"

#include "sandbox/kvm/system.hpp"
#include "sandbox/x86_64/guest_cpu.hpp"

namespace ember::sandbox {

VmShell::VmShell() : vcpu_(vm_) {
    vm_.deny_all_msrs();
    const x86_64::GuestCpu& cpu = x86_64::GuestCpu::instance();
    vcpu_.set_cpuid(cpu.cpuid());
    if (cpu.xsave()) vcpu_.set_xcr0(cpu.xcr0());
    if (kvm::System::instance().has_sync_regs()) vcpu_.enable_sync_regs();
}

ShellStash& ShellStash::instance() {
    // Statics die in the reverse order of their construction: made first,
    // the /dev/kvm handle and the guest CPU outlive the stash, whose thread
    // may still be making a VM with them while the process exits.
    kvm::System::instance();
    x86_64::GuestCpu::instance();
    static ShellStash stash;
    return stash;
}

ShellStash::~ShellStash() {
    keep_ready(0);
}

std::unique_ptr<VmShell> ShellStash::take() {
    {
        std::lock_guard lock(mutex_);
        if (!shells_.empty()) {
            auto shell = std::move(shells_.back());
            shells_.pop_back();
            changed_.notify_all();
            return shell;
        }
        ++counters_.made_on_demand;
    }
    return std::make_unique<VmShell>();
}

void ShellStash::discard(std::unique_ptr<VmShell> shell) {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable() || stopping_) return;  // `shell` is destroyed on return
    discarded_.push_back(std::move(shell));
    changed_.notify_all();
}

void ShellStash::keep_ready(std::size_t count) {
    std::unique_lock lock(mutex_);
    target_ = count;
    if (count > 0 && !thread_.joinable()) {
        stopping_ = false;
        thread_ = std::thread([this] { refill(); });
    }
    if (count == 0 && thread_.joinable()) {
        stopping_ = true;
        changed_.notify_all();
        lock.unlock();
        thread_.join();
        lock.lock();
        thread_ = std::thread();
        shells_.clear();
        discarded_.clear();
    }
    changed_.notify_all();
}

void ShellStash::wait_full() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopping_ || shells_.size() >= target_; });
}

ShellStashStats ShellStash::stats() const {
    std::lock_guard lock(mutex_);
    ShellStashStats stats = counters_;
    stats.ready = shells_.size();
    return stats;
}

void ShellStash::refill() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (!discarded_.empty()) {
            auto doomed = std::move(discarded_);
            const std::size_t count = doomed.size();
            lock.unlock();
            doomed.clear();
            lock.lock();
            counters_.destroyed_behind += count;
            continue;
        }
        if (shells_.size() >= target_) {
            changed_.wait(lock);
            continue;
        }
        lock.unlock();
        std::unique_ptr<VmShell> shell;
        try {
            shell = std::make_unique<VmShell>();
        } catch (const std::exception&) {
            // Out of memory or file descriptors: take() will make shells on
            // demand and report the error to whoever needs one.
        }
        lock.lock();
        if (!shell) {
            changed_.wait_for(lock, std::chrono::milliseconds(100));
            continue;
        }
        shells_.push_back(std::move(shell));
        ++counters_.made_ahead;
        changed_.notify_all();
    }
}

}  // namespace ember::sandbox
