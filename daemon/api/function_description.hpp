// The JSON description of a function (API.md, "describe").
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/registry/deployment.hpp"

namespace ember::daemon {

nlohmann::json describe(const Deployment& deployment);

}  // namespace ember::daemon
