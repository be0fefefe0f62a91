// A JSON reply of the API.
#pragma once

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace ember::daemon {

// `body` with Content-Type application/json. Text the API echoes (guest log
// lines, escaped but perhaps not UTF-8) is dumped with replacement
// characters: a reply must never throw.
http::Response json_response(unsigned status, const nlohmann::json& body);

}  // namespace ember::daemon
