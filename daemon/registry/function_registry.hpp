// The functions emberd serves: deploy (validate, cold boot, reserve memory,
// store, warm up, switch, prune), activate a stored version (rollback),
// pinned versions, remove, look up. A redeploy or an activation switches
// atomically: a call is routed either to the old version or to the new one,
// and the old one is shut down only after the switch. An activation is
// recorded in the store before its switch, so a restart serves the same
// version (a deploy's version is served after a restart by being newest).
//
// A call may name a stored version other than the active one: that version
// is booted on first use into a pool of its own with pool_min 0 (it holds
// no sandbox while idle, and draws on the memory budget like any pool), and
// is kept until it is activated, pruned or its function removed.
//
// The daemon's caps are kept here: max_functions names served;
// max_guest_memory_mb over the sandboxes of every pool, the old versions'
// still in use included (one MemoryBudget they all draw on: a version that
// cannot have its pool_min is not served, a pool cannot grow past it); and
// max_versions_kept versions of each function on disk, the served one
// always among them.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config/daemon_config.hpp"
#include "daemon/registry/deploy_error.hpp"
#include "daemon/registry/deployment.hpp"
#include "daemon/registry/version_factory.hpp"
#include "daemon/store/function_store.hpp"
#include "pool/maintenance.hpp"
#include "pool/memory_budget.hpp"

namespace ember::daemon {

class FunctionRegistry {
  public:
    // `maintenance` runs the chores of every pool it makes: destroy it after
    // the registry.
    FunctionRegistry(FunctionStore& store, const DaemonConfig& config, VersionFactory& versions,
                     pool::Maintenance& maintenance);
    ~FunctionRegistry();
    FunctionRegistry(const FunctionRegistry&) = delete;
    FunctionRegistry& operator=(const FunctionRegistry&) = delete;

    // Start-up: serves every function in the store (and prunes its versions
    // beyond max_versions_kept). What cannot be loaded is appended to
    // `problems` and skipped.
    void load(std::vector<std::string>& problems);

    // Stores `binary` as the next version of `name` and makes it the one
    // served, once its pool is warm; then prunes the versions beyond
    // max_versions_kept from the store. Blocks for the cold boot and the
    // warm-up: call it on an executor thread. Throws DeployError (limit
    // when max_functions or the memory for pool_min sandboxes is lacking;
    // nothing is stored then).
    // The new version keeps the env of the one served.
    std::shared_ptr<const Deployment> deploy(const std::string& name,
                                             std::span<const std::byte> binary,
                                             const FunctionConfig& config);
    // Serves a new version of `name` with the binary and config of the one
    // served and `env` (validated by the caller), as deploy() would: the guest
    // reads its env during init, so a new env needs a new snapshot. Throws
    // DeployError like deploy(), and not_found when `name` is not served.
    std::shared_ptr<const Deployment> set_env(const std::string& name, const FunctionEnv& env);
    // Serves stored `version` of `name` instead of the active one, as a
    // redeploy would (cold boot, warm pool_min, switch; the stored config
    // of that version applies). Blocks like deploy(). Throws DeployError
    // (not_found, version_not_found, conflict during a deploy, limit,
    // storage, init_failed).
    std::shared_ptr<const Deployment> activate(const std::string& name, uint32_t version);

    // Every stored version of a served function, newest first (the store's
    // meta.json); empty when `name` is not served.
    std::vector<StoredFunction> versions(const std::string& name) const;

    // Stops serving `name` and removes it from the store. In-flight calls
    // finish. False when there was no such function.
    bool remove(const std::string& name);

    std::shared_ptr<const Deployment> find(const std::string& name) const;
    // `version` of `name`: the active deployment when it is that version,
    // else a pinned one already booted; null otherwise (pin() boots one).
    std::shared_ptr<const Deployment> find(const std::string& name, uint32_t version) const;
    // find(name, version), booting the version from the store when needed.
    // Blocks for the boot: call it on an executor thread. Throws
    // DeployError (not_found, version_not_found, storage, init_failed).
    std::shared_ptr<const Deployment> pin(const std::string& name, uint32_t version);
    std::vector<std::shared_ptr<const Deployment>> list() const;

    // Waits until every pool has its pool_min sandboxes.
    bool wait_warm(std::chrono::milliseconds timeout) const;
    // The guest memory every pool holds (max_guest_memory_mb is its limit).
    const pool::MemoryBudget& guest_memory() const { return *memory_; }
    // Shuts every pool down (at exit).
    void shutdown();

  private:
    // deploy() with `env`, or with the served version's env when null.
    std::shared_ptr<const Deployment> deploy_version(const std::string& name,
                                                     std::span<const std::byte> binary,
                                                     const FunctionConfig& config,
                                                     const FunctionEnv* env);
    // Throws DeployError(limit) when the budget has no room for pool_min.
    std::unique_ptr<pool::Pool> make_pool(const std::string& name, const FunctionConfig& config,
                                          pool::Factory instances) const;
    // Makes `deployment` the served version of its function, shuts the one
    // it replaces down and prunes the store.
    void switch_to(std::shared_ptr<Deployment> deployment);
    // Removes the versions beyond max_versions_kept, and their pinned
    // deployments; a failure is logged: old versions left on disk harm
    // nothing.
    void prune(const StoredFunction& active) noexcept;
    // A stored version, verified (DeployError version_not_found, storage).
    StoredFunction read_stored(const std::string& name, uint32_t version) const;
    // Boots a stored version into a deployment whose pool has `config`.
    std::shared_ptr<Deployment> boot_stored(StoredFunction stored, const FunctionConfig& config);
    // Takes the pinned deployments of `name` (all of them, or `versions`)
    // out of service.
    void unpin(const std::string& name, const std::vector<uint32_t>* versions);
    // Names served or being deployed for the first time.
    std::size_t new_names_locked() const;

    FunctionStore& store_;
    const DaemonConfig& config_;
    VersionFactory& versions_;
    pool::Maintenance& maintenance_;
    const std::shared_ptr<pool::MemoryBudget> memory_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Deployment>> live_;
    std::map<std::pair<std::string, uint32_t>, std::shared_ptr<Deployment>> pinned_;
    std::set<std::string> deploying_;
    // Pins boot one at a time: two calls naming the same new version boot
    // it once.
    std::mutex pinning_;
};

// The sandbox settings of a function under this daemon's config.
sandbox::ImageConfig image_config(const FunctionConfig& function, const DaemonConfig& daemon);

}  // namespace ember::daemon
