// A function's pre-initialised state: its ELF loaded, its init run until the
// guest reported ready, then memory and vCPU state frozen. Made once per
// uploaded version (the cold boot); every Sandbox is cloned from it.
#pragma once

#include <linux/kvm.h>

#include <chrono>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "sandbox/guest_error.hpp"
#include "sandbox/handler_table.hpp"
#include "sandbox/host_functions.hpp"
#include "sandbox/layout.hpp"
#include "sandbox/machine.hpp"
#include "sandbox/mapping.hpp"
#include "sandbox/page_rights.hpp"

namespace ember::sandbox {

struct ImageConfig {
    SizeLimits limits;
    // The allow-list, resolved in `host_table`: the built-ins when it is
    // null, otherwise a table the embedder made for this function (e.g. its
    // kv_* functions bound to its namespace), which the snapshot keeps.
    std::vector<std::string> host_functions = default_host_functions();
    std::shared_ptr<const HostFunctions> host_table;
    std::chrono::milliseconds init_timeout{1000};
};

// The guest's initialisation failed (fault, abort, timeout, broken READY).
class InitError : public std::runtime_error {
  public:
    explicit InitError(GuestError error)
        : std::runtime_error("initialisation failed: " + error.message), error_(std::move(error)) {}
    const GuestError& error() const { return error_; }

  private:
    GuestError error_;
};

// The vCPU state captured at READY.
struct VcpuState {
    kvm_regs regs{};
    kvm_sregs sregs{};
    kvm::XsaveArea fpu{};
    kvm_debugregs debugregs{};
    kvm_vcpu_events events{};
};

class Snapshot {
  public:
    // Validates `elf` (ElfError) and `config` (LayoutError,
    // std::invalid_argument for a host function its table lacks), boots it and runs
    // its init (InitError). Thread-safe to use from many sandboxes after.
    static std::shared_ptr<const Snapshot> create(std::span<const std::byte> elf,
                                                  const ImageConfig& config);

    const Layout& layout() const { return layout_; }
    const std::vector<Handler>& handlers() const { return handlers_.handlers; }
    const Handler& default_handler() const { return handlers_.handlers[handlers_.default_handler]; }
    const Handler* find_handler(std::string_view name) const;
    const AllowedHostFunctions& allowed() const { return allowed_; }
    // What ring 3 may read and write (the host acts on its behalf only there).
    const PageRights& rights() const { return rights_; }
    const VcpuState& vcpu_state() const { return vcpu_; }
    // The frozen memory image: a sealed memfd, and a read-only view of it.
    int memfd() const { return memfd_.get(); }
    std::span<const std::byte> memory() const { return view_.bytes(); }
    // What the cold boot cost, for metrics and benchmarks.
    std::chrono::nanoseconds boot_time() const { return boot_time_; }
    const GuestLog& init_log() const { return init_log_; }

    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

  private:
    Snapshot() = default;
    void boot(std::span<const std::byte> elf, const ImageConfig& config);

    Layout layout_{};
    HandlerTable handlers_;
    std::shared_ptr<const HostFunctions> host_table_;  // what allowed_ points into
    AllowedHostFunctions allowed_;
    PageRights rights_;
    VcpuState vcpu_{};
    UniqueFd memfd_;
    Mapping view_;
    std::chrono::nanoseconds boot_time_{0};
    GuestLog init_log_;
};

}  // namespace ember::sandbox
