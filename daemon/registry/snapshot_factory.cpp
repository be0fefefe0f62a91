// Booting a snapshot, with the sandbox's errors turned into deploy errors.
#include "daemon/registry/snapshot_factory.hpp"

#include "daemon/registry/deploy_error.hpp"
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
    std::shared_ptr<const sandbox::Snapshot> snapshot;
    try {
        config.host_table = capabilities_.table_for(binding);
        snapshot = sandbox::Snapshot::create(binary, config);
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
