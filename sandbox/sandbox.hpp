// One warm micro-VM cloned from a Snapshot: its memory maps the snapshot
// copy-on-write, so clones share every page they have not written. A call
// runs one handler; restore() puts back exactly what the call changed
// (dirty pages, vCPU state), so no call inherits anything from the last.
//
// Call order: call() → read the reply → restore() → call() … A sandbox is
// used by one thread at a time; call() restores first when needed.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/machine.hpp"
#include "sandbox/mapping.hpp"
#include "sandbox/reply.hpp"
#include "sandbox/snapshot.hpp"

namespace ember::sandbox {

struct CallResult {
    std::variant<Reply, GuestError> outcome;
    CallStats stats;
    GuestLog log;

    bool ok() const { return std::holds_alternative<Reply>(outcome); }
    const Reply& reply() const { return std::get<Reply>(outcome); }
    const GuestError& error() const { return std::get<GuestError>(outcome); }
};

struct RestoreStats {
    uint32_t pages = 0;       // memory pages copied back from the snapshot
    bool vcpu_sregs = false;  // segment registers (or more) had changed
    bool full_state = false;  // the call failed: every register set reloaded
    std::chrono::nanoseconds time{0};
};

class Sandbox {
  public:
    explicit Sandbox(std::shared_ptr<const Snapshot> snapshot);

    // Runs `handler` (empty: the default handler) on `input`. Guest failures
    // are values in the result; host failures throw.
    CallResult call(std::string_view handler, std::span<const std::byte> input, Deadline deadline);

    // Puts the sandbox back to the snapshot's state. Cheap when nothing ran.
    RestoreStats restore();
    bool needs_restore() const { return used_; }

    const Snapshot& snapshot() const { return *snapshot_; }

  private:
    CallResult failed(GuestError error, CallStats stats);
    void restore_vcpu(RestoreStats& stats);

    std::shared_ptr<const Snapshot> snapshot_;
    Mapping memory_;
    Machine machine_;
    std::vector<uint64_t> dirty_;  // one bit per page
    bool used_ = false;
    bool clean_exit_ = true;
};

}  // namespace ember::sandbox
