// How the registry turns a function's binary into a version it can serve:
// the seam between deciding what to serve (the registry) and making VMs (the
// sandbox). emberd boots KVM snapshots (SnapshotFactory); tests give fakes,
// so the registry's deploy, switch and remove logic runs without /dev/kvm.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "daemon/config/function_config.hpp"
#include "daemon/config/function_env.hpp"
#include "pool/instance.hpp"
#include "sandbox/snapshot.hpp"

namespace ember::daemon {

// A function version booted to its ready state.
struct BootedVersion {
    std::vector<std::string> handlers;  // in the guest's order
    std::string default_handler;
    pool::Factory instances;  // makes sandboxes of this version for its pool
};

class VersionFactory {
  public:
    virtual ~VersionFactory() = default;

    // Blocks for the cold boot of `binary` as function `name` with its
    // `function` config and `env`, which `image` (made from the config and
    // the daemon's) sizes. Throws DeployError (invalid_binary,
    // invalid_config or init_failed) naming `name` where it helps.
    virtual BootedVersion boot(const std::string& name, std::span<const std::byte> binary,
                               const FunctionConfig& function, const FunctionEnv& env,
                               const sandbox::ImageConfig& image) = 0;
};

}  // namespace ember::daemon
