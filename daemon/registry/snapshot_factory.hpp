// The production VersionFactory: a KVM snapshot per version, and sandboxes
// cloned from it, whose host functions are bound to the function (its
// key-value namespace, its env).
#pragma once

#include "capabilities/host_capabilities.hpp"
#include "daemon/registry/version_factory.hpp"

namespace ember::daemon {

class SnapshotFactory final : public VersionFactory {
  public:
    // `capabilities` must outlive the factory.
    explicit SnapshotFactory(const capabilities::HostCapabilities& capabilities)
        : capabilities_(capabilities) {}

    BootedVersion boot(const std::string& name, std::span<const std::byte> binary,
                       const FunctionConfig& function, const FunctionEnv& env,
                       const sandbox::ImageConfig& image) override;

  private:
    const capabilities::HostCapabilities& capabilities_;
};

}  // namespace ember::daemon
