// Reading a Server-Timing response header (W3C Server Timing): emberd says
// there where its part of each call's time went (http, queue, call, sandbox,
// total), which lets a load run tell the daemon's time from its own and the
// network's.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::loadtest {

// Appends to `metrics` each metric that has a duration, as (name,
// microseconds), in header order: appending lets ember-load reuse one
// vector for every response. Names are kept only when they are plain
// identifiers (letters, digits, '_' and '-'), so that they can name report
// keys; anything malformed is skipped, never an error.
void parse_server_timing(std::string_view header,
                         std::vector<std::pair<std::string, double>>& metrics);

}  // namespace ember::loadtest
