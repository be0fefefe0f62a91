// The host function config_get (its ABI is in ember/abi.h): a function's
// env, values and secrets alike, read by name.
#pragma once

#include <map>
#include <string>

#include "sandbox/host_functions.hpp"

namespace ember::capabilities {

// Adds config_get to `table`, serving `settings` (name → value).
void add_config_host_function(sandbox::HostFunctions& table,
                              std::map<std::string, std::string> settings);

}  // namespace ember::capabilities
