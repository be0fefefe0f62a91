// The key-value host functions kv_get, kv_set, kv_delete and kv_list (their
// ABI is in ember/abi.h): a KvStore served to a guest, in one namespace the
// host chose for it.
#pragma once

#include <memory>
#include <string>

#include "kv/kv_limits.hpp"
#include "kv/kv_store.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

// The names, in the order a function's description lists them.
inline constexpr const char* kv_host_function_names[] = {"kv_get", "kv_set", "kv_delete",
                                                         "kv_list"};

// Adds the four functions to `table`, each serving `store` in `ns`. A
// store's status becomes the guest's EMBER_HOSTCALL_E* code; an argument
// that points where the guest may not read is EMBER_HOSTCALL_EFAULT.
// `limits` are the store's: a kv_list asks for at most max_list_keys.
void add_kv_host_functions(sandbox::HostFunctions& table, std::shared_ptr<kv::KvStore> store,
                           std::string ns, const kv::KvLimits& limits);

}  // namespace ember::capabilities
