// Invocation records as docs/api.md shows them: GET /v1/invocations/{id}
// and the lists of GET /v1/functions/{name}/invocations.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/records/invocation_record.hpp"

namespace ember::daemon {

nlohmann::json to_json(const InvocationRecord& record);

}  // namespace ember::daemon
