// The production Instance: a real micro-VM cloned from a function's snapshot.
#pragma once

#include <memory>

#include "pool/instance.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/snapshot.hpp"

namespace ember::pool {

class SandboxInstance final : public Instance {
  public:
    // Creates the VM (about half a millisecond): run it off the I/O threads.
    explicit SandboxInstance(std::shared_ptr<const sandbox::Snapshot> snapshot);

    sandbox::CallResult call(std::string_view handler, std::span<const std::byte> input,
                             sandbox::Deadline deadline) override;
    sandbox::RestoreStats restore() override;

    const sandbox::Sandbox& sandbox() const { return sandbox_; }

  private:
    sandbox::Sandbox sandbox_;
};

// A Factory making SandboxInstances of `snapshot`.
Factory sandbox_factory(std::shared_ptr<const sandbox::Snapshot> snapshot);

}  // namespace ember::pool
