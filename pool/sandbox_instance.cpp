// The production Instance: a thin forwarder to sandbox::Sandbox.
#include "pool/sandbox_instance.hpp"

#include <utility>

namespace ember::pool {

SandboxInstance::SandboxInstance(std::shared_ptr<const sandbox::Snapshot> snapshot)
    : sandbox_(std::move(snapshot)) {}

sandbox::CallResult SandboxInstance::call(std::string_view handler,
                                          std::span<const std::byte> input,
                                          sandbox::Deadline deadline) {
    return sandbox_.call(handler, input, deadline);
}

sandbox::RestoreStats SandboxInstance::restore() {
    return sandbox_.restore();
}

Factory sandbox_factory(std::shared_ptr<const sandbox::Snapshot> snapshot) {
    // The snapshot is immutable and thread-safe to clone from: the factory
    // may run on several threads at once.
    return [snapshot = std::move(snapshot)]() -> std::unique_ptr<Instance> {
        return std::make_unique<SandboxInstance>(snapshot);
    };
}

}  // namespace ember::pool
