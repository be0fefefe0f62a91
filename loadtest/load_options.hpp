// ember-load's command line, parsed and checked once.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/url.hpp"
#include "loadtest/http_request.hpp"

namespace ember::loadtest {

struct LoadOptions {
    Url url;
    RequestSpec request;
    std::optional<double> rate;  // requests/s: open loop; none: closed loop
    unsigned connections = 4;
    std::optional<unsigned> threads;               // none: one per core, at most one per connection
    std::chrono::duration<double> duration{10.0};  // measured time, after the warm-up
    std::chrono::duration<double> warmup{1.0};
    bool json = false;
    bool help = false;
};

// Throws std::invalid_argument naming the bad argument. A --body-file is
// read here.
LoadOptions parse_load_options(const std::vector<std::string>& args);

extern const char* const load_usage;

}  // namespace ember::loadtest
