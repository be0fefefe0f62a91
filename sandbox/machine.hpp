// A running micro-VM: a KVM VM with one vCPU over one slot of guest memory,
// and the loop that runs the guest until it reports back. Every exit is
// folded here into one of: the awaited hypercall, a host call served and
// resumed, or a GuestError.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/call_timer.hpp"
#include "sandbox/guest_error.hpp"
#include "sandbox/guest_memory.hpp"
#include "sandbox/host_functions.hpp"
#include "sandbox/kvm/vcpu.hpp"
#include "sandbox/kvm/vm.hpp"
#include "sandbox/layout.hpp"
#include "sandbox/page_rights.hpp"
#include "sandbox/vm_shell.hpp"

namespace ember::sandbox {

// The host functions one sandbox may call, resolved once from its allow-list.
using AllowedHostFunctions = std::map<std::string, const HostFunction*, std::less<>>;

// What one call (or the init run) cost.
struct CallStats {
    uint32_t exits = 0;                    // VM exits, the awaited one included
    uint32_t host_calls = 0;               // host functions served
    std::chrono::nanoseconds in_guest{0};  // wall time inside KVM_RUN
};

class Machine {
  public:
    // Maps `memory` at guest physical 0 of a VM from the ShellStash. With
    // `log_dirty`, the guest's writes are recorded (see dirty_log()).
    // `rights` (which must outlive the machine) bounds what the host reads
    // and writes for the guest.
    Machine(std::span<std::byte> memory, bool log_dirty, const PageRights& rights);
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    kvm::Vcpu& vcpu() { return vcpu_; }
    const GuestMemory& memory() const { return memory_; }

    // Runs the guest until it leaves through `until_port` (EMBER_PORT_READY
    // or EMBER_PORT_DONE), serving host calls on the way. Returns the error
    // that ended the run instead, if any.
    std::optional<GuestError> run(uint16_t until_port, Deadline deadline, const Layout& layout,
                                  const AllowedHostFunctions& allowed, CallStats& stats,
                                  GuestLog& log);

    // The general registers as of the last exit; after changing them call
    // commit_regs() before the next run.
    kvm_regs& regs();
    void commit_regs();
    // The special registers as of the last exit.
    const kvm_sregs& sregs();
    // Makes the next run load `sregs` (through kvm_run when possible).
    void load_sregs(const kvm_sregs& sregs);
    // Makes the next run load `events`.
    void load_events(const kvm_vcpu_events& events);

    // After a run that ended on an exit the guest never got an answer to
    // (an IN, an MMIO read), KVM still holds the half-done instruction and
    // would finish it on the next entry, on top of whatever state the host
    // loads meanwhile. This lets KVM finish it now without entering the
    // guest (api.rst §5 "immediate_exit").
    void complete_pending_exit();

    // Pages written by the guest since the last call, one bit per page.
    void dirty_log(std::span<uint64_t> bitmap) { vm_.get_dirty_log(0, bitmap); }

    // Pages the host wrote into guest memory (the call's input and call
    // page, host-call results), which the dirty log does not see: one bit
    // per page, until the owner clears them.
    void note_host_write(uint64_t gpa, uint64_t len);
    std::span<uint64_t> host_writes() { return host_writes_; }

    // Guest memory that ring 3 itself may read, or nullopt.
    std::optional<std::span<const std::byte>> guest_readable(uint64_t gva, uint64_t len) const;

  private:
    // What one run() serves the guest with and accounts to, fixed for the
    // run, so the exit handlers share it instead of passing it along.
    struct RunContext {
        uint16_t until_port;
        Deadline deadline;
        const Layout& layout;
        const AllowedHostFunctions& allowed;
        CallStats& stats;
        GuestLog& log;
    };
    // What one exit means for the run: enter the guest again, the run is
    // over because the guest left through the awaited port, or the run ends
    // with the guest's error.
    struct Resume {};
    struct Done {};
    using ExitOutcome = std::variant<Resume, Done, GuestError>;

    // KVM_RUN returned before the guest exited: the call timer's kick.
    ExitOutcome on_interrupt(Deadline deadline);
    ExitOutcome on_exit(const RunContext& context);
    ExitOutcome on_io(const RunContext& context);
    ExitOutcome host_call(const RunContext& context);
    GuestError exception(const Layout& layout);
    std::string guest_string(uint64_t gva, uint64_t len, std::size_t max) const;

    std::unique_ptr<VmShell> shell_;
    kvm::Vm& vm_;
    kvm::Vcpu& vcpu_;
    GuestMemory memory_;
    const PageRights& rights_;
    std::vector<uint64_t> host_writes_;
    bool sync_regs_;
    kvm_regs regs_{};  // copies for when KVM cannot mirror them into kvm_run
    kvm_sregs sregs_{};
};

}  // namespace ember::sandbox
