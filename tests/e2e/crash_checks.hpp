// The crash-safety test's checks after the restart (crash_safety_test.cpp).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crash_load.hpp"
#include "daemon_process.hpp"
#include "http_client.hpp"

namespace ember::e2e::crash {

struct SeedResult {
    std::vector<std::string> failures;
    std::string summary;
    std::string log;  // emberd's, when the seed failed
};

// emberd's log of every run but the lines of single calls, which would bury
// the deploys, refusals and start-up reports in a failure's message.
std::string log_without_calls(const Daemon& daemon);

// The "store: ..." lines of the run's log, each counted by the recovery it
// reports; anything else is a failure.
void check_start_up_log(const Daemon& daemon, SeedResult& result,
                        std::map<std::string_view, int>& recoveries);

// Nothing but complete versions is left on disk, and only of served functions.
void check_data_dir(const Daemon& daemon, const std::set<std::string>& served, SeedResult& result);

// What check_function() found, over all functions.
struct FunctionCheck {
    int acked_checked = 0;
    int unacked_present = 0;
};

// One function after the restart: served at its last acknowledged version or
// at the deploy in flight after it, with that upload's bytes, answering as
// that upload's guest; the acknowledged versions still kept are listed.
void check_function(HttpClient& client, const FunctionRun& run, bool listed, SeedResult& result,
                    FunctionCheck& counts);

}  // namespace ember::e2e::crash
