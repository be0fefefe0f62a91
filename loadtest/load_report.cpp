// Text and JSON reports of a load run (see load_report.hpp).
#include "loadtest/load_report.hpp"

#include <cstdio>
#include <utility>
#include <vector>

namespace ember::loadtest {
namespace {

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string mode_of(const LoadOptions& o) {
    return o.rate ? "open" : "closed";
}

// Name and value of every figure, in the order both reports print them.
std::vector<std::pair<std::string, double>> figures(const LoadOptions& o, const LoadResult& r) {
    const LoadTally& t = r.tally;
    const auto count = [](uint64_t n) { return static_cast<double>(n); };
    return {
        {"p50_us", t.latency.percentile(50)},
        {"p90_us", t.latency.percentile(90)},
        {"p99_us", t.latency.percentile(99)},
        {"p999_us", t.latency.percentile(99.9)},
        {"max_us", count(t.latency.max())},
        {"min_us", count(t.latency.min())},
        {"mean_us", t.latency.mean()},
        {"rps", r.rps()},
        {"target_rps", o.rate.value_or(0)},
        {"connections", o.connections},
        {"threads", r.threads},
        {"seconds", r.seconds},
        {"ok", count(t.ok)},
        {"non_2xx", count(t.non_2xx)},
        {"transport_errors", count(t.transport_errors)},
        {"errors", count(t.non_2xx + t.transport_errors)},
        {"cold_starts", count(t.cold_starts)},
        {"sandbox_count", count(t.sandbox.count())},
        {"sandbox_mean_us", t.sandbox.mean()},
        {"sandbox_p50_us", t.sandbox.percentile(50)},
        {"sandbox_p99_us", t.sandbox.percentile(99)},
    };
}

// Server-Timing metrics: "server_NAME_p50_us" and "_p99_us" for each name.
std::vector<std::pair<std::string, double>> server_figures(const LoadResult& r) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [name, histogram] : r.tally.server) {
        std::string key = "server_" + name;
        for (char& c : key)
            if (c == '-') c = '_';
        out.emplace_back(key + "_p50_us", histogram.percentile(50));
        out.emplace_back(key + "_p99_us", histogram.percentile(99));
    }
    return out;
}

}  // namespace

std::string report_json(const LoadOptions& o, const LoadResult& r) {
    std::string out = "{\"mode\": \"" + mode_of(o) + "\"";
    for (const auto& [name, value] : figures(o, r))
        out += ", \"" + name + "\": " + format("%.2f", value);
    for (const auto& [name, value] : server_figures(r))
        out += ", \"" + name + "\": " + format("%.2f", value);
    return out + "}\n";
}

std::string report_text(const LoadOptions& o, const LoadResult& r) {
    const LoadTally& t = r.tally;
    std::string out = mode_of(o) + " loop, " + std::to_string(o.connections) + " connections, " +
                      std::to_string(r.threads) + (r.threads == 1 ? " thread" : " threads");
    if (o.rate) out += format(", %.0f req/s asked", *o.rate);
    out += format(", %.1f s measured\n", r.seconds);
    out += "latency (us)  p50 " + format("%.0f", t.latency.percentile(50)) + "  p90 " +
           format("%.0f", t.latency.percentile(90)) + "  p99 " +
           format("%.0f", t.latency.percentile(99)) + "  p99.9 " +
           format("%.0f", t.latency.percentile(99.9)) + "  max " + std::to_string(t.latency.max()) +
           "\n";
    out += format("throughput    %.0f req/s\n", r.rps());
    out += "responses     " + std::to_string(t.ok) + " 2xx, " + std::to_string(t.non_2xx) +
           " non-2xx, " + std::to_string(t.transport_errors) + " transport errors\n";
    if (t.sandbox.count() > 0)
        out += "in sandbox    mean " + format("%.1f", t.sandbox.mean()) + " us, p50 " +
               format("%.0f", t.sandbox.percentile(50)) + " us (X-Ember-Duration-Us), " +
               std::to_string(t.cold_starts) + " cold starts\n";
    if (!t.server.empty()) {
        out += "server timing";
        for (const auto& [name, histogram] : t.server)
            out += "  " + name + " p50 " + format("%.0f", histogram.percentile(50));
        out += " (us, Server-Timing)\n";
    }
    return out;
}

}  // namespace ember::loadtest
