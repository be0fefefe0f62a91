// The per-function host-function tables.
#include "capabilities/host_capabilities.hpp"

#include "capabilities/config_host_function.hpp"
#include "capabilities/fetch_host_function.hpp"
#include "capabilities/kv_host_functions.hpp"
#include "capabilities/wasm_host_functions.hpp"

namespace ember::capabilities {

HostCapabilities::HostCapabilities(std::shared_ptr<kv::KvStore> kv, kv::KvLimits kv_limits,
                                   std::shared_ptr<fetch::Fetcher> fetcher,
                                   fetch::FetchPolicy fetch_bounds)
    : kv_(std::move(kv)),
      kv_limits_(kv_limits),
      fetcher_(std::move(fetcher)),
      fetch_bounds_(std::move(fetch_bounds)) {}

std::vector<std::string> HostCapabilities::offered() {
    std::vector<std::string> names = sandbox::HostFunctions::builtin().names();
    names.insert(names.end(), std::begin(kv_host_function_names), std::end(kv_host_function_names));
    names.push_back("config_get");
    names.push_back("http_fetch");
    return names;
}

std::shared_ptr<const sandbox::HostFunctions> HostCapabilities::table_for(
    const FunctionBinding& binding) const {
    auto table = std::make_shared<sandbox::HostFunctions>(sandbox::HostFunctions::builtin());
    std::string ns = binding.kv_store.empty() ? "fn:" + std::string(binding.function)
                                              : "store:" + std::string(binding.kv_store);
    add_kv_host_functions(*table, kv_, std::move(ns), kv_limits_);
    add_config_host_function(*table, binding.settings);
    fetch::FetchPolicy policy = fetch_bounds_;
    policy.allowed_hosts = fetch::AllowedHosts::parse(binding.allowed_hosts);
    add_fetch_host_function(*table, fetcher_, std::move(policy));
    if (!binding.wasm_module.empty())
        add_wasm_host_functions(*table, binding.wasm_module, binding.wasm_environ);
    return table;
}

}  // namespace ember::capabilities
