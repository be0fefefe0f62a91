// The samples of a Prometheus text exposition (format 0.0.4), as emberd's
// /metrics writes them, read back for `ember metrics`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::cli {

struct PrometheusSample {
    std::string name;                                         // "ember_invocations_total"
    std::vector<std::pair<std::string, std::string>> labels;  // in order, unescaped
    std::string value;  // as written: "12", "0.25", "+Inf", "NaN"
};

// Every sample line; comments (# HELP, # TYPE) and blank lines are skipped.
// Throws std::runtime_error naming the line for one that is no sample.
std::vector<PrometheusSample> parse_prometheus_text(std::string_view text);

}  // namespace ember::cli
