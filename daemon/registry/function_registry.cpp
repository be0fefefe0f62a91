// Deploying, serving and removing functions.
#include "daemon/registry/function_registry.hpp"

#include <ember/abi.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>

namespace ember::daemon {

namespace {

// How long a deploy waits for its pool_min sandboxes before replying.
constexpr std::chrono::seconds warm_up_limit{30};

uint64_t page_up(uint64_t bytes) {
    return (bytes + EMBER_PAGE_SIZE - 1) / EMBER_PAGE_SIZE * EMBER_PAGE_SIZE;
}

constexpr unsigned mib_shift = 20;

pool::PoolConfig pool_config(const FunctionConfig& function, const DaemonConfig& daemon) {
    pool::PoolConfig config;
    config.min = function.pool_min;
    config.max = function.pool_max;
    config.max_queue = function.max_queue;
    config.idle = daemon.pool_idle_ms == 0 ? std::chrono::milliseconds::max()
                                           : std::chrono::milliseconds(daemon.pool_idle_ms);
    config.instance_bytes = uint64_t{function.memory_mb} << mib_shift;
    return config;
}

std::shared_ptr<Deployment> assemble(StoredFunction stored, BootedVersion booted,
                                     std::unique_ptr<pool::Pool> pool) {
    auto deployment = std::make_shared<Deployment>();
    deployment->pool = std::move(pool);
    deployment->handlers = std::move(booted.handlers);
    deployment->default_handler = std::move(booted.default_handler);
    deployment->stored = std::move(stored);
    return deployment;
}

// "version 3", "versions 1, 2".
std::string versions_text(const std::vector<uint32_t>& versions) {
    std::string text = versions.size() == 1 ? "version " : "versions ";
    for (std::size_t i = 0; i < versions.size(); ++i)
        text += (i == 0 ? "" : ", ") + std::to_string(versions[i]);
    return text;
}

DeployError no_function_named(const std::string& name) {
    return DeployError(DeployError::Kind::not_found, "no function named '" + name + "'");
}

// Waits for the pool_min sandboxes of a version about to serve. One not warm
// in time serves anyway (its calls make sandboxes as they come); the log
// says why.
void warm_up(const Deployment& deployment, std::string_view action) {
    if (deployment.pool->wait_warm(warm_up_limit)) return;
    spdlog::warn("{} {} v{}: pool not warm after {} s ({})", action, deployment.stored.name,
                 deployment.stored.version, warm_up_limit.count(), deployment.pool->last_error());
}

// Clears the "deploy in progress" mark of a name however deploy() ends.
struct DeployingMark {
    std::mutex& mutex;
    std::set<std::string>& deploying;
    std::string name;
    ~DeployingMark() {
        std::lock_guard lock(mutex);
        deploying.erase(name);
    }
};

}  // namespace

sandbox::ImageConfig image_config(const FunctionConfig& function, const DaemonConfig& daemon) {
    sandbox::ImageConfig config;
    config.limits.memory_bytes = uint64_t{function.memory_mb} << mib_shift;
    config.limits.input_bytes = page_up(daemon.max_input_bytes);
    config.limits.output_bytes = page_up(daemon.max_output_bytes);
    config.host_functions = function.host_functions;
    config.init_timeout = std::chrono::milliseconds(daemon.max_init_ms);
    return config;
}

FunctionRegistry::FunctionRegistry(FunctionStore& store, const DaemonConfig& config,
                                   VersionFactory& versions, pool::Maintenance& maintenance)
    : store_(store),
      config_(config),
      versions_(versions),
      maintenance_(maintenance),
      memory_(std::make_shared<pool::MemoryBudget>(uint64_t{config.max_guest_memory_mb}
                                                   << mib_shift)) {}

FunctionRegistry::~FunctionRegistry() {
    shutdown();
}

void FunctionRegistry::load(std::vector<std::string>& problems) {
    for (StoredFunction& stored : store_.load_all(problems)) {
        try {
            auto deployment = boot_stored(stored, stored.config);
            {
                std::lock_guard lock(mutex_);
                live_[deployment->stored.name] = deployment;
            }
            prune(deployment->stored);
        } catch (const std::exception& e) {
            problems.push_back(stored.name + " version " + std::to_string(stored.version) + ": " +
                               e.what());
        }
    }
}

std::unique_ptr<pool::Pool> FunctionRegistry::make_pool(const std::string& name,
                                                        const FunctionConfig& config,
                                                        pool::Factory instances) const {
    try {
        return std::make_unique<pool::Pool>(pool_config(config, config_), std::move(instances),
                                            maintenance_, memory_);
    } catch (const pool::MemoryLimitError&) {
        const uint64_t free_mb = (memory_->limit() - memory_->used()) >> mib_shift;
        throw DeployError(DeployError::Kind::limit,
                          "'" + name + "' needs " +
                              std::to_string(uint64_t{config.pool_min} * config.memory_mb) +
                              " MiB of guest memory (pool_min " + std::to_string(config.pool_min) +
                              " × memory_mb " + std::to_string(config.memory_mb) + "), but only " +
                              std::to_string(free_mb) + " MiB of max_guest_memory_mb (" +
                              std::to_string(config_.max_guest_memory_mb) +
                              " MiB) are free: lower pool_min or memory_mb, or delete a function");
    }
}

void FunctionRegistry::prune(const StoredFunction& active) noexcept {
    try {
        const std::vector<uint32_t> pruned =
            store_.prune(active.name, config_.max_versions_kept, active.version);
        if (pruned.empty()) return;
        unpin(active.name, &pruned);
        spdlog::info("{}: removed {} from the store (max_versions_kept {})", active.name,
                     versions_text(pruned), config_.max_versions_kept);
    } catch (const std::exception& e) {
        spdlog::warn("{}: old versions stay in the store: {}", active.name, e.what());
    }
}

std::shared_ptr<const Deployment> FunctionRegistry::deploy(const std::string& name,
                                                           std::span<const std::byte> binary,
                                                           const FunctionConfig& config) {
    return deploy_version(name, binary, config, nullptr);
}

std::shared_ptr<const Deployment> FunctionRegistry::set_env(const std::string& name,
                                                            const FunctionEnv& env) {
    const std::shared_ptr<const Deployment> served = find(name);
    if (!served) throw no_function_named(name);
    std::vector<std::byte> binary;
    try {
        binary = store_.read_binary(served->stored);
    } catch (const StoreError& e) {
        throw DeployError(DeployError::Kind::storage, e.what());
    }
    return deploy_version(name, binary, served->stored.config, &env);
}

std::shared_ptr<const Deployment> FunctionRegistry::deploy_version(
    const std::string& name, std::span<const std::byte> binary, const FunctionConfig& config,
    const FunctionEnv* env) {
    using Kind = DeployError::Kind;
    if (!valid_function_name(name)) {
        throw DeployError(Kind::invalid_name, "'" + name + "' is not a valid function name");
    }
    {
        std::lock_guard lock(mutex_);
        if (deploying_.contains(name)) {
            throw DeployError(Kind::conflict, "another deploy of '" + name +
                                                  "' is in progress: retry when it ends");
        }
        if (!live_.contains(name) && new_names_locked() >= config_.max_functions) {
            throw DeployError(Kind::limit, "emberd serves its maximum of " +
                                               std::to_string(config_.max_functions) +
                                               " functions (max_functions): delete one first");
        }
        deploying_.insert(name);
    }
    DeployingMark mark{mutex_, deploying_, name};
    // A new binary keeps the env of the version it replaces.
    FunctionEnv kept;
    if (env == nullptr) {
        if (const auto served = find(name)) kept = served->stored.env;
        env = &kept;
    }

    BootedVersion booted =
        versions_.boot(name, binary, config, *env, image_config(config, config_));
    // Before the store: a version refused for memory must not be served
    // after a restart either.
    auto pool = make_pool(name, config, std::move(booted.instances));
    StoredFunction stored;
    try {
        stored = store_.put(name, binary, config, *env);
    } catch (const StoreError& e) {
        throw DeployError(Kind::storage, e.what());
    }
    auto deployment = assemble(std::move(stored), std::move(booted), std::move(pool));
    warm_up(*deployment, "deploy");
    switch_to(deployment);
    return deployment;
}

void FunctionRegistry::switch_to(std::shared_ptr<Deployment> deployment) {
    const StoredFunction& stored = deployment->stored;
    std::shared_ptr<Deployment> previous;
    {
        std::lock_guard lock(mutex_);
        previous = std::exchange(live_[stored.name], deployment);
    }
    if (previous) previous->pool->shutdown();
    const std::vector<uint32_t> active{stored.version};
    unpin(stored.name, &active);
    prune(stored);
}

StoredFunction FunctionRegistry::read_stored(const std::string& name, uint32_t version) const {
    try {
        return store_.read(name, version);
    } catch (const StoreError& e) {
        if (e.code().value() == ENOENT) {
            throw DeployError(DeployError::Kind::version_not_found,
                              "'" + name + "' has no version " + std::to_string(version) +
                                  ": GET /v1/functions/" + name + "/versions lists them");
        }
        throw DeployError(DeployError::Kind::storage, e.what());
    }
}

std::shared_ptr<Deployment> FunctionRegistry::boot_stored(StoredFunction stored,
                                                          const FunctionConfig& config) {
    std::vector<std::byte> binary;
    try {
        binary = store_.read_binary(stored);
    } catch (const StoreError& e) {
        throw DeployError(DeployError::Kind::storage, e.what());
    }
    BootedVersion booted =
        versions_.boot(stored.name, binary, config, stored.env, image_config(config, config_));
    auto pool = make_pool(stored.name, config, std::move(booted.instances));
    return assemble(std::move(stored), std::move(booted), std::move(pool));
}

std::shared_ptr<const Deployment> FunctionRegistry::activate(const std::string& name,
                                                             uint32_t version) {
    using Kind = DeployError::Kind;
    {
        std::lock_guard lock(mutex_);
        if (deploying_.contains(name)) {
            throw DeployError(Kind::conflict,
                              "a deploy of '" + name + "' is in progress: retry when it ends");
        }
        auto it = live_.find(name);
        if (it == live_.end()) throw no_function_named(name);
        if (it->second->stored.version == version) return it->second;
        deploying_.insert(name);
    }
    DeployingMark mark{mutex_, deploying_, name};
    StoredFunction stored = read_stored(name, version);
    const FunctionConfig config = stored.config;
    auto deployment = boot_stored(std::move(stored), config);
    warm_up(*deployment, "activate");
    try {
        store_.set_active(name, version);
    } catch (const StoreError& e) {
        deployment->pool->shutdown();
        throw DeployError(Kind::storage, e.what());
    }
    switch_to(deployment);
    return deployment;
}

std::vector<StoredFunction> FunctionRegistry::versions(const std::string& name) const {
    if (!find(name)) return {};
    return store_.versions(name);
}

std::shared_ptr<const Deployment> FunctionRegistry::find(const std::string& name,
                                                         uint32_t version) const {
    std::lock_guard lock(mutex_);
    auto live = live_.find(name);
    if (live == live_.end()) return nullptr;
    if (live->second->stored.version == version) return live->second;
    auto pinned = pinned_.find({name, version});
    return pinned == pinned_.end() ? nullptr : pinned->second;
}

std::shared_ptr<const Deployment> FunctionRegistry::pin(const std::string& name, uint32_t version) {
    std::lock_guard pinning(pinning_);
    if (auto found = find(name, version)) return found;
    if (!find(name)) throw no_function_named(name);
    StoredFunction stored = read_stored(name, version);
    FunctionConfig config = stored.config;
    config.pool_min = 0;
    auto deployment = boot_stored(std::move(stored), config);
    {
        std::lock_guard lock(mutex_);
        // Removed meanwhile: nothing to keep (the call then finds no function).
        if (live_.contains(name)) pinned_[{name, version}] = deployment;
    }
    spdlog::info("'{}' version {} booted for the calls that name it", name, version);
    return deployment;
}

void FunctionRegistry::unpin(const std::string& name, const std::vector<uint32_t>* versions) {
    std::vector<std::shared_ptr<Deployment>> unpinned;
    {
        std::lock_guard lock(mutex_);
        for (auto it = pinned_.lower_bound({name, 0});
             it != pinned_.end() && it->first.first == name;) {
            const bool chosen = !versions || std::find(versions->begin(), versions->end(),
                                                       it->first.second) != versions->end();
            if (!chosen) {
                ++it;
                continue;
            }
            unpinned.push_back(std::move(it->second));
            it = pinned_.erase(it);
        }
    }
    for (auto& deployment : unpinned)
        deployment->pool->shutdown();
}

std::size_t FunctionRegistry::new_names_locked() const {
    std::size_t names = live_.size();
    for (const std::string& name : deploying_)
        names += live_.contains(name) ? 0 : 1;
    return names;
}

bool FunctionRegistry::remove(const std::string& name) {
    {
        std::lock_guard lock(mutex_);
        if (deploying_.contains(name)) {
            throw DeployError(DeployError::Kind::conflict,
                              "'" + name + "' is being deployed: retry when that ends");
        }
    }
    bool stored = false;
    try {
        stored = store_.remove(name);
    } catch (const StoreError& e) {
        throw DeployError(DeployError::Kind::storage, e.what());
    }
    std::shared_ptr<Deployment> previous;
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(name);
        if (it != live_.end()) {
            previous = std::move(it->second);
            live_.erase(it);
        }
    }
    if (previous) previous->pool->shutdown();
    unpin(name, nullptr);
    return stored || previous != nullptr;
}

std::shared_ptr<const Deployment> FunctionRegistry::find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = live_.find(name);
    return it == live_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Deployment>> FunctionRegistry::list() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<const Deployment>> out;
    for (const auto& entry : live_)
        out.push_back(entry.second);
    return out;
}

bool FunctionRegistry::wait_warm(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (const auto& deployment : list()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !deployment->pool->wait_warm(left)) return false;
    }
    return true;
}

void FunctionRegistry::shutdown() {
    std::map<std::string, std::shared_ptr<Deployment>> live;
    std::map<std::pair<std::string, uint32_t>, std::shared_ptr<Deployment>> pinned;
    {
        std::lock_guard lock(mutex_);
        live.swap(live_);
        pinned.swap(pinned_);
    }
    for (auto& entry : live)
        entry.second->pool->shutdown();
    for (auto& entry : pinned)
        entry.second->pool->shutdown();
}

}  // namespace ember::daemon
