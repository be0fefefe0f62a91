// The host functions of a Wasm function's runner guest, which it calls
// during init and no function's allow-list can name: wasm_module (the
// module's bytes) and wasm_environ (WASI's environment).
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>

#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

inline constexpr const char* wasm_host_function_names[] = {"wasm_module", "wasm_environ"};

// Adds both to `table`: wasm_module copies `module`, wasm_environ serves
// `environ` as "NAME=VALUE\0" strings in name order (values holding a NUL
// byte, which no C string can, are left out). Each writes as much as fits
// and returns the whole length, as config_get does.
void add_wasm_host_functions(sandbox::HostFunctions& table, std::span<const std::byte> module,
                             const std::map<std::string, std::string>& environ);

}  // namespace ember::capabilities
