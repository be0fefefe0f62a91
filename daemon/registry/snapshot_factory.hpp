// The production VersionFactory: a KVM snapshot per version, and sandboxes
// cloned from it.
#pragma once

#include "daemon/registry/version_factory.hpp"

namespace ember::daemon {

class SnapshotFactory final : public VersionFactory {
  public:
    BootedVersion boot(const std::string& name, std::span<const std::byte> binary,
                       const sandbox::ImageConfig& config) override;
};

}  // namespace ember::daemon
