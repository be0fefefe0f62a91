// The per-function host-function tables.
#include "capabilities/host_capabilities.hpp"

#include "capabilities/config_host_function.hpp"
#include "capabilities/kv_host_functions.hpp"

namespace ember::capabilities {

HostCapabilities::HostCapabilities(std::shared_ptr<kv::KvStore> kv, kv::KvLimits kv_limits)
    : kv_(std::move(kv)), kv_limits_(kv_limits) {}

std::vector<std::string> HostCapabilities::offered() {
    std::vector<std::string> names = sandbox::HostFunctions::builtin().names();
    names.insert(names.end(), std::begin(kv_host_function_names), std::end(kv_host_function_names));
    names.push_back("config_get");
    return names;
}

std::shared_ptr<const sandbox::HostFunctions> HostCapabilities::table_for(
    std::string_view function, std::string_view kv_store,
    std::map<std::string, std::string> settings) const {
    auto table = std::make_shared<sandbox::HostFunctions>(sandbox::HostFunctions::builtin());
    std::string ns =
        kv_store.empty() ? "fn:" + std::string(function) : "store:" + std::string(kv_store);
    add_kv_host_functions(*table, kv_, std::move(ns), kv_limits_);
    add_config_host_function(*table, std::move(settings));
    return table;
}

}  // namespace ember::capabilities
