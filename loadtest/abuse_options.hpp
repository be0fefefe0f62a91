// ember-abuse's command line, parsed and checked once.
#pragma once

#include <string>
#include <vector>

#include "loadtest/abuse_run.hpp"

namespace ember::loadtest {

struct AbuseOptions {
    AbuseConfig config;           // config.target is resolved later, against the server
    std::string target = "auto";  // see resolve_target()
    std::string function = "echo";
    bool help = false;
};

// Throws std::invalid_argument naming the bad argument.
AbuseOptions parse_abuse_options(const std::vector<std::string>& args);

extern const char* const abuse_usage;

}  // namespace ember::loadtest
