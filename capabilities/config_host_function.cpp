// config_get: a lookup whose result is copied as far as it fits.
#include "capabilities/config_host_function.hpp"

#include <ember/abi.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

namespace ember::capabilities {

void add_config_host_function(sandbox::HostFunctions& table,
                              std::map<std::string, std::string> settings) {
    auto shared = std::make_shared<const std::map<std::string, std::string, std::less<>>>(
        settings.begin(), settings.end());
    table.add("config_get", [shared](sandbox::HostCall& call) -> int64_t {
        const std::string_view name(reinterpret_cast<const char*>(call.argument.data()),
                                    call.argument.size());
        const auto found = shared->find(name);
        if (found == shared->end()) return EMBER_HOSTCALL_ENOTFOUND;
        const std::string& value = found->second;
        // memcpy's pointers must not be null, not even for 0 bytes.
        const std::size_t n = std::min(value.size(), call.result.size());
        if (n > 0) std::memcpy(call.result.data(), value.data(), n);
        return static_cast<int64_t>(value.size());
    });
}

}  // namespace ember::capabilities
