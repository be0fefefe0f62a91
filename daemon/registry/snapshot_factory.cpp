// Booting a snapshot, with the sandbox's errors turned into deploy errors.
#include "daemon/registry/snapshot_factory.hpp"

#include <algorithm>

#include "capabilities/wasm_host_functions.hpp"
#include "daemon/registry/deploy_error.hpp"
#include "daemon/registry/wasm_runner_image.hpp"
#include "daemon/store/binary_kind.hpp"
#include "pool/sandbox_instance.hpp"
#include "sandbox/elf_loader.hpp"

namespace ember::daemon {

BootedVersion SnapshotFactory::boot(const std::string& name, std::span<const std::byte> binary,
                                    const FunctionConfig& function, const FunctionEnv& env,
                                    const sandbox::ImageConfig& image) {
    using Kind = DeployError::Kind;
    sandbox::ImageConfig config = image;
    capabilities::FunctionBinding binding{name, function.kv_store, env.values,
                                          function.allowed_hosts};
    binding.settings.insert(env.secrets.begin(), env.secrets.end());
    std::span<const std::byte> elf = binary;
    if (binary_kind_of(binary) == BinaryKind::wasm) {
        // The runner guest loads the module from the host during its init.
        elf = wasm_runner_image();
        binding.wasm_module = binary;
        const auto& allowed = function.host_functions;
        if (std::find(allowed.begin(), allowed.end(), "config_get") != allowed.end())
            binding.wasm_environ = binding.settings;
        for (const char* runner_function : capabilities::wasm_host_function_names)
            config.host_functions.emplace_back(runner_function);
    }
    std::shared_ptr<const sandbox::Snapshot> snapshot;
    try {
        config.host_table = capabilities_.table_for(binding);
        snapshot = sandbox::Snapshot::create(elf, config);
    } catch (const sandbox::ElfError& e) {
        throw DeployError(Kind::invalid_binary, "'" + name + "' is not a valid guest: " + e.what());
    } catch (const sandbox::LayoutError& e) {
        throw DeployError(Kind::invalid_config, e.what());
    } catch (const sandbox::InitError& e) {
        throw DeployError(Kind::init_failed, "'" + name + "': " + e.what());
    } catch (const std::invalid_argument& e) {
        throw DeployError(Kind::invalid_config, e.what());
    }
    BootedVersion version;
    for (const sandbox::Handler& handler : snapshot->handlers())
        version.handlers.push_back(handler.name);
    version.default_handler = snapshot->default_handler().name;
    version.instances = pool::sandbox_factory(std::move(snapshot));
    return version;
}

}  // namespace ember::daemon
