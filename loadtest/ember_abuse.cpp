// ember-abuse: abusive clients of every kind at once against an emberd,
// while a normal client checks that it keeps answering correctly and how
// fast. See abuse_options.cpp for the command line, abuse_run.hpp for the run.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/open_file_limit.hpp"
#include "loadtest/abuse_options.hpp"
#include "loadtest/abuse_run.hpp"
#include "loadtest/tcp_socket.hpp"

using namespace ember::loadtest;

int main(int argc, char** argv) {
    AbuseOptions options;
    try {
        options = parse_abuse_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "ember-abuse: %s\n%s", e.what(), abuse_usage);
        return 2;
    }
    if (options.help) {
        std::fputs(abuse_usage, stdout);
        return 0;
    }
    try {
        const std::size_t files = ember::raise_open_file_limit();
        const AbuseCounts& n = options.config.counts;
        const std::size_t needed = n.idle + n.slowloris + n.oversize + n.vanish + n.nonreader + 16;
        if (files < needed)
            throw std::runtime_error("the open file limit is " + std::to_string(files) + ", " +
                                     std::to_string(needed) + " are needed (ulimit -n)");
        {
            NormalClient probe(resolve(options.config.url), options.config.url.host_header(),
                               options.config.request_timeout);
            options.config.target = resolve_target(probe, options.target, options.function);
        }
        const AbuseReport report = run_abuse(options.config);
        std::fputs(report_text(options.config, report).c_str(), stdout);
        return report.passed() ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-abuse: %s\n", e.what());
        return 1;
    }
}
