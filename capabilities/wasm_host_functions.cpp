#include "capabilities/wasm_host_functions.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace ember::capabilities {

namespace {

sandbox::HostFunction serve(std::vector<std::byte> bytes) {
    auto shared = std::make_shared<const std::vector<std::byte>>(std::move(bytes));
    return [shared](sandbox::HostCall& call) -> int64_t {
        const std::size_t n = std::min(shared->size(), call.result.size());
        if (n > 0) std::memcpy(call.result.data(), shared->data(), n);
        return static_cast<int64_t>(shared->size());
    };
}

std::vector<std::byte> environ_strings(const std::map<std::string, std::string>& environ) {
    std::vector<std::byte> strings;
    for (const auto& [name, value] : environ) {
        if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) continue;
        const std::string entry = name + "=" + value;
        const auto bytes = std::as_bytes(std::span(entry.data(), entry.size() + 1));
        strings.insert(strings.end(), bytes.begin(), bytes.end());
    }
    return strings;
}

}  // namespace

void add_wasm_host_functions(sandbox::HostFunctions& table, std::span<const std::byte> module,
                             const std::map<std::string, std::string>& environ) {
    table.add("wasm_module", serve(std::vector<std::byte>(module.begin(), module.end())));
    table.add("wasm_environ", serve(environ_strings(environ)));
}

}  // namespace ember::capabilities
