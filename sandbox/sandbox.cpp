// Calls into a warm sandbox, and its restore.
#include "sandbox/sandbox.hpp"

#include <ember/abi.h>
#include <sys/mman.h>
#include <sys/random.h>

#include <bit>
#include <cstring>

#include "base/join_names.hpp"

namespace ember::sandbox {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Sandbox::Sandbox(std::shared_ptr<const Snapshot> snapshot)
    : snapshot_(std::move(snapshot)),
      memory_(snapshot_->layout().memory_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
              snapshot_->memfd()),
      machine_(memory_.bytes(), true, snapshot_->rights()),
      dirty_(machine_.host_writes().size()) {
    const VcpuState& state = snapshot_->vcpu_state();
    kvm::Vcpu& vcpu = machine_.vcpu();
    vcpu.set_sregs(state.sregs);
    vcpu.set_regs(state.regs);
    vcpu.set_xsave(state.fpu);
    vcpu.set_debugregs(state.debugregs);
    vcpu.set_events(state.events);
}

CallResult Sandbox::call(std::string_view handler_name, std::span<const std::byte> input,
                         Deadline deadline) {
    if (used_) restore();
    const Layout& layout = snapshot_->layout();
    const Handler* handler = handler_name.empty() ? &snapshot_->default_handler()
                                                  : snapshot_->find_handler(handler_name);
    if (handler == nullptr) {
        const std::string names =
            join_names(snapshot_->handlers(), [](const Handler& h) { return h.name; });
        return failed(
            {GuestErrorKind::no_such_handler, "no handler named '" + std::string(handler_name) +
                                                  "' (this function has: " + names + ")"},
            {});
    }
    if (input.size() > layout.input_end - layout.input_start) {
        return failed(
            {GuestErrorKind::input_too_large,
             "input of " + std::to_string(input.size()) + " bytes exceeds the " +
                 std::to_string(layout.input_end - layout.input_start) + "-byte input buffer"},
            {});
    }
    used_ = true;

    const GuestMemory& memory = machine_.memory();
    if (!input.empty()) {
        std::memcpy(memory.at(Gpa{layout.input_start}, input.size()).data(), input.data(),
                    input.size());
        machine_.note_host_write(layout.input_start, input.size());
    }
    ember_call call{};
    call.input_len = input.size();
    if (::getrandom(call.random, sizeof call.random, 0) != sizeof call.random) {
        throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    memory.write(Gpa{EMBER_CALL_GPA}, call);
    machine_.note_host_write(EMBER_CALL_GPA, sizeof call);

    kvm_regs& regs = machine_.regs();
    regs = snapshot_->vcpu_state().regs;
    regs.rip = handler->entry;
    regs.rdi = layout.input_start;
    regs.rsi = input.size();
    machine_.commit_regs();

    CallResult result{Reply{}, {}, {}};
    if (auto error = machine_.run(EMBER_PORT_DONE, deadline, layout, snapshot_->allowed(),
                                  result.stats, result.log)) {
        clean_exit_ = false;
        result.outcome = std::move(*error);
        return result;
    }
    result.outcome =
        read_reply(memory, snapshot_->rights(), layout.output_end - layout.output_start);
    clean_exit_ = result.ok();
    return result;
}

CallResult Sandbox::failed(GuestError error, CallStats stats) {
    return CallResult{std::move(error), stats, {}};
}

RestoreStats Sandbox::restore() {
    RestoreStats stats;
    if (!used_) return stats;
    const auto started = Clock::now();
    machine_.dirty_log(dirty_);
    const std::span<uint64_t> host_writes = machine_.host_writes();
    const std::span<std::byte> memory = memory_.bytes();
    const std::span<const std::byte> pristine = snapshot_->memory();
    for (std::size_t word = 0; word < dirty_.size(); ++word) {
        uint64_t bits = dirty_[word] | host_writes[word];
        host_writes[word] = 0;
        while (bits != 0) {
            const uint64_t page = word * 64 + static_cast<uint64_t>(std::countr_zero(bits));
            bits &= bits - 1;
            std::memcpy(memory.data() + page * EMBER_PAGE_SIZE,
                        pristine.data() + page * EMBER_PAGE_SIZE, EMBER_PAGE_SIZE);
            ++stats.pages;
        }
    }
    restore_vcpu(stats);
    used_ = false;
    clean_exit_ = true;
    stats.time = Clock::now() - started;
    return stats;
}

// Ring 3 can change general registers (reloaded with the next call's entry),
// data segment selectors and FPU/SSE/AVX state; nothing else. CR0.TS does
// not trap ring-3 SSE here, so no cheap signal tells whether a call touched
// the FPU: its state is reloaded after every call. Control, debug and
// descriptor-table registers and MSRs are out of ring 3's reach; a failed
// call may have run the ring-0 stub or stopped mid-instruction, so it gets
// everything back.
void Sandbox::restore_vcpu(RestoreStats& stats) {
    const VcpuState& state = snapshot_->vcpu_state();
    stats.full_state = !clean_exit_;
    if (stats.full_state) machine_.complete_pending_exit();
    const kvm_sregs& now = machine_.sregs();
    stats.vcpu_sregs = stats.full_state || std::memcmp(&now, &state.sregs, sizeof now) != 0;
    if (stats.vcpu_sregs) machine_.load_sregs(state.sregs);
    machine_.vcpu().set_xsave(state.fpu);
    if (stats.full_state) {
        machine_.load_events(state.events);
        machine_.vcpu().set_debugregs(state.debugregs);
    }
}

}  // namespace ember::sandbox
