// How ember-load reports a run: a few lines for people, or one JSON object
// for scripts (keys p50_us, p90_us, p99_us, p999_us, max_us, rps, ok,
// errors, sandbox_mean_us, ..., server_NAME_p50_us for each Server-Timing
// metric — see load_report.cpp).
#pragma once

#include <string>

#include "loadtest/load_options.hpp"
#include "loadtest/load_run.hpp"

namespace ember::loadtest {

std::string report_text(const LoadOptions& options, const LoadResult& result);
std::string report_json(const LoadOptions& options, const LoadResult& result);

}  // namespace ember::loadtest
