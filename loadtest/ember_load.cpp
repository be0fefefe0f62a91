// ember-load: an HTTP load generator, open loop at a constant rate (latency
// from each request's intended send time) or closed loop at maximum
// throughput. See load_options.cpp for the command line.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "loadtest/load_options.hpp"
#include "loadtest/load_report.hpp"
#include "loadtest/load_run.hpp"

using namespace ember::loadtest;

int main(int argc, char** argv) {
    LoadOptions options;
    try {
        options = parse_load_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "ember-load: %s\n%s", e.what(), load_usage);
        return 2;
    }
    if (options.help) {
        std::fputs(load_usage, stdout);
        return 0;
    }
    try {
        const LoadResult result = run_load(options);
        const std::string report =
            options.json ? report_json(options, result) : report_text(options, result);
        std::fputs(report.c_str(), stdout);
        return result.tally.ok > 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-load: %s\n", e.what());
        return 1;
    }
}
