// The vCPU exit loop: the switch-shaped heart of the sandbox.
#include "sandbox/machine.hpp"

#include <ember/abi.h>

#include <algorithm>

#include "base/join_names.hpp"
#include "sandbox/kvm/system.hpp"
#include "sandbox/x86_64/cpu_setup.hpp"
#include "sandbox/x86_64/exception_stub.hpp"
#include "sandbox/x86_64/privileged_instruction.hpp"

namespace ember::sandbox {

namespace {

using Clock = std::chrono::steady_clock;

GuestError fault(std::string message) {
    return {GuestErrorKind::fault, std::move(message)};
}

constexpr std::size_t max_message_bytes = 4096;
constexpr uint64_t max_instruction_bytes = 15;

}  // namespace

Machine::Machine(std::span<std::byte> memory, bool log_dirty, const PageRights& rights)
    : shell_(ShellStash::instance().take()),
      vm_(shell_->vm()),
      vcpu_(shell_->vcpu()),
      memory_(memory),
      rights_(rights),
      host_writes_((memory.size() / EMBER_PAGE_SIZE + 63) / 64),
      sync_regs_(kvm::System::instance().has_sync_regs()) {
    vm_.set_memory(0, 0, memory, log_dirty);
}

Machine::~Machine() {
    ShellStash::instance().discard(std::move(shell_));
}

kvm_regs& Machine::regs() {
    if (sync_regs_) return vcpu_.run_state().s.regs.regs;
    regs_ = vcpu_.regs();
    return regs_;
}

void Machine::commit_regs() {
    if (sync_regs_) {
        vcpu_.run_state().kvm_dirty_regs |= KVM_SYNC_X86_REGS;
    } else {
        vcpu_.set_regs(regs_);
    }
}

const kvm_sregs& Machine::sregs() {
    if (sync_regs_) return vcpu_.run_state().s.regs.sregs;
    sregs_ = vcpu_.sregs();
    return sregs_;
}

void Machine::load_sregs(const kvm_sregs& sregs) {
    if (sync_regs_) {
        vcpu_.run_state().s.regs.sregs = sregs;
        vcpu_.run_state().kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
    } else {
        vcpu_.set_sregs(sregs);
    }
}

void Machine::load_events(const kvm_vcpu_events& events) {
    if (sync_regs_) {
        vcpu_.run_state().s.regs.events = events;
        vcpu_.run_state().kvm_dirty_regs |= KVM_SYNC_X86_EVENTS;
    } else {
        vcpu_.set_events(events);
    }
}

void Machine::complete_pending_exit() {
    kvm_run& run = vcpu_.run_state();
    run.immediate_exit = 1;
    vcpu_.run();
    run.immediate_exit = 0;
}

void Machine::note_host_write(uint64_t gpa, uint64_t len) {
    if (len == 0) return;
    for (uint64_t page = gpa / EMBER_PAGE_SIZE; page <= (gpa + len - 1) / EMBER_PAGE_SIZE; ++page) {
        host_writes_[page / 64] |= 1ull << (page % 64);
    }
}

std::optional<std::span<const std::byte>> Machine::guest_readable(uint64_t gva,
                                                                  uint64_t len) const {
    return GuestView(memory_, rights_).readable(gva, len);
}

std::optional<GuestError> Machine::run(uint16_t until_port, Deadline deadline, const Layout& layout,
                                       const AllowedHostFunctions& allowed, CallStats& stats,
                                       GuestLog& log) {
    kvm_run& run = vcpu_.run_state();
    CallTimer& timer = CallTimer::for_this_thread();
    timer.arm(run, deadline);
    struct Disarm {
        CallTimer& timer;
        ~Disarm() { timer.disarm(); }
    } disarm{timer};

    const RunContext context{until_port, deadline, layout, allowed, stats, log};
    for (;;) {
        const auto entered = Clock::now();
        const int interrupted = vcpu_.run();
        stats.in_guest += Clock::now() - entered;
        ++stats.exits;
        ExitOutcome outcome = interrupted != 0 ? on_interrupt(deadline) : on_exit(context);
        if (auto* error = std::get_if<GuestError>(&outcome)) return std::move(*error);
        if (std::holds_alternative<Done>(outcome)) return std::nullopt;
    }
}

Machine::ExitOutcome Machine::on_interrupt(Deadline deadline) {
    vcpu_.run_state().immediate_exit = 0;
    if (Clock::now() >= deadline) {
        return GuestError{GuestErrorKind::timeout, "the call did not finish before its deadline"};
    }
    if (CallTimer::for_this_thread().interrupted()) {
        return GuestError{GuestErrorKind::interrupted,
                          "the run was interrupted before its deadline"};
    }
    return Resume{};  // a late kick from an earlier call: nothing is wrong
}

Machine::ExitOutcome Machine::on_exit(const RunContext& context) {
    const kvm_run& run = vcpu_.run_state();
    switch (run.exit_reason) {
        case KVM_EXIT_IO:
            return on_io(context);
        case KVM_EXIT_HLT:
            return fault("guest halted (hlt) at rip " + hex(regs().rip - 1));
        case KVM_EXIT_MMIO:
            return fault("guest accessed " + hex(run.mmio.phys_addr) + ", outside its memory of " +
                         std::to_string(context.layout.memory_size >> 20) + " MiB, at rip " +
                         hex(regs().rip));
        case KVM_EXIT_SHUTDOWN:
            return fault("guest triple-faulted (shutdown) near rip " + hex(regs().rip) +
                         ": an exception it could not handle");
        case KVM_EXIT_FAIL_ENTRY:
            return fault("KVM could not enter the guest (hardware reason " +
                         hex(run.fail_entry.hardware_entry_failure_reason) +
                         "): its CPU state is invalid");
        case KVM_EXIT_INTERNAL_ERROR:
            return fault("KVM could not emulate the guest's instruction at rip " + hex(regs().rip) +
                         " (internal error " + std::to_string(run.internal.suberror) + ")");
        default:
            return fault("unexpected VM exit " + std::to_string(run.exit_reason) + " at rip " +
                         hex(regs().rip));
    }
}

Machine::ExitOutcome Machine::on_io(const RunContext& context) {
    const auto& io = vcpu_.run_state().io;
    if (io.direction != KVM_EXIT_IO_OUT || io.size != 1 || io.count != 1) {
        return fault(std::string("guest ") + (io.direction == KVM_EXIT_IO_OUT ? "wrote" : "read") +
                     " I/O port " + hex(io.port) + ", which Ember does not provide");
    }
    if (io.port == context.until_port) return Done{};
    switch (io.port) {
        case EMBER_PORT_HOSTCALL:
            ++context.stats.host_calls;
            return host_call(context);
        case EMBER_PORT_ABORT: {
            const kvm_regs& r = regs();
            return GuestError{GuestErrorKind::abort,
                              "guest aborted: " + guest_string(r.rdi, r.rsi, max_message_bytes)};
        }
        case EMBER_PORT_EXCEPTION:
            return exception(context.layout);
        case EMBER_PORT_READY:
            return GuestError{GuestErrorKind::bad_reply, "guest reported ready during a call"};
        case EMBER_PORT_DONE:
            return GuestError{GuestErrorKind::bad_reply, "guest finished before it reported ready"};
        default:
            return fault("guest wrote I/O port " + hex(io.port) + ", which Ember does not provide");
    }
}

GuestError Machine::exception(const Layout& layout) {
    // Ring 3 cannot reach this port (the TSS I/O bitmap leaves it out), so
    // this is the stub, and rsp points at its frame on the exception stack.
    if (x86_64::current_privilege_level(sregs()) != 0) {
        return fault("guest wrote I/O port " + hex(EMBER_PORT_EXCEPTION) +
                     ", which only Ember's exception stub may use");
    }
    const kvm_regs& r = regs();
    using x86_64::ExceptionFrame;
    if (r.rsp < EMBER_EXCEPTION_STACK_GPA ||
        r.rsp > EMBER_EXCEPTION_STACK_TOP - sizeof(ExceptionFrame)) {
        return fault("Ember's exception stub lost its stack (rsp " + hex(r.rsp) + ")");
    }
    const auto frame = memory_.read<ExceptionFrame>(Gpa{r.rsp});
    ExceptionReport report;
    report.vector = frame.vector;
    report.error_code = frame.error_code;
    report.rip = frame.rip;
    report.cr2 = sregs().cr2;
    report.in_stub = (frame.cs & 3) == 0;
    // The instruction bytes, as far as the guest itself could read them.
    uint64_t len = max_instruction_bytes;
    while (len > 0 && !rights_.readable(Gpa{frame.rip}, len))
        --len;
    if (const auto code = guest_readable(frame.rip, len)) {
        report.instruction = x86_64::privileged_instruction(*code, r.rdx);
    }
    return fault(describe_exception(report, layout));
}

Machine::ExitOutcome Machine::host_call(const RunContext& context) {
    kvm_regs& r = regs();
    const auto name = guest_readable(r.rdi, std::min<uint64_t>(r.rsi, EMBER_HANDLER_NAME_MAX));
    if (!name || r.rsi > EMBER_HANDLER_NAME_MAX) {
        return GuestError{GuestErrorKind::bad_reply, "host call with an invalid function name"};
    }
    const std::string_view function_name(reinterpret_cast<const char*>(name->data()), name->size());
    const auto found = context.allowed.find(function_name);
    if (found == context.allowed.end()) {
        const std::string names =
            join_names(context.allowed, [](const auto& entry) { return entry.first; });
        return GuestError{GuestErrorKind::denied,
                          "guest called host function '" + guest_string(r.rdi, r.rsi, 64) +
                              "', which this function may not use (allowed: " +
                              (names.empty() ? "none" : names) + ")"};
    }
    const auto argument = guest_readable(r.rdx, r.rcx);
    if (!argument) {
        return GuestError{GuestErrorKind::bad_reply, "host call to '" + std::string(function_name) +
                                                         "' with an argument (" + hex(r.rdx) +
                                                         ", " + std::to_string(r.rcx) +
                                                         " bytes) that the guest may not read"};
    }
    // Results land only where ring 3 could write them itself, and are put
    // back after the call like every other page the guest wrote.
    if (!rights_.writable(Gpa{r.r8}, r.r9)) {
        return GuestError{GuestErrorKind::bad_reply, "host call to '" + std::string(function_name) +
                                                         "' with a result buffer (" + hex(r.r8) +
                                                         ", " + std::to_string(r.r9) +
                                                         " bytes) that the guest may not write"};
    }
    HostCall call{*argument, memory_.at(Gpa{r.r8}, r.r9), context.log, GuestView(memory_, rights_),
                  context.deadline};
    const int64_t written = (*found->second)(call);
    note_host_write(r.r8, r.r9);
    r.rax = static_cast<uint64_t>(written);
    commit_regs();
    return Resume{};
}

std::string Machine::guest_string(uint64_t gva, uint64_t len, std::size_t max) const {
    const auto bytes = guest_readable(gva, std::min<uint64_t>(len, max));
    if (!bytes) return "<message in memory the guest may not read>";
    std::string text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = '?';
    }
    return text;
}

}  // namespace ember::sandbox
