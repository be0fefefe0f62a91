// End-to-end crash safety: emberd is killed (SIGKILL) at a point a seed
// chooses while several functions are deployed and invoked at once, then
// restarted on the same data directory and checked against what the store
// promises (daemon/store/function_store.hpp):
// - every deploy answered 201 before the kill is served, at its version or
//   at the one deploy that was in flight after it, and answers correctly;
// - nothing else is served, listed or left on disk: no half-present function,
//   no staging or trash directory after start-up, no version without its files;
// - the start-up check reports only the recoveries a kill can cause
//   (interrupted uploads, deletes and prunes), nothing it had to skip.
// durability_test.cpp kills one deploy at each phase in turn; this one
// kills concurrent load at random points.
//
// Seeds: EMBER_CRASH_SEEDS=N runs seeds 1..N (default 3, what scripts/test
// runs); EMBER_CRASH_SEED=S runs seed S alone, to replay it. Each seed prints
// one summary line, and the run a total (tests/e2e/README.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "crash_checks.hpp"
#include "crash_load.hpp"
#include "tests/eventually.hpp"

namespace ember::e2e::crash {
namespace {

namespace fs = std::filesystem;

// Where the kill lands after its number of 201s: a fraction of a deploy's
// time later, or as soon as the store is seen in one of the states a crash
// must recover from (function_store.hpp), polled as fast as possible since
// they last milliseconds.
enum class KillMoment { later, staging, committed, trashing };

const char* to_string(KillMoment moment) {
    switch (moment) {
        case KillMoment::later:
            return "a delay";
        case KillMoment::staging:
            return "an upload being staged";
        case KillMoment::committed:
            return "a staged upload renamed into place";
        case KillMoment::trashing:
            return "a prune under way";
    }
    return "?";
}

bool has_entries(const fs::path& dir) {
    std::error_code error;
    return !fs::is_empty(dir, error) && !error;
}

// Polls until the store reaches `moment`; false when every deployer ended
// (or the load's patience ran out) first.
bool wait_for(const Daemon& daemon, const Load& load, KillMoment moment) {
    const fs::path staging = daemon.data_dir() / "tmp";
    const fs::path trash = daemon.data_dir() / "trash";
    const auto give_up = Clock::now() + load_patience;
    bool staged = false;
    while (load.finished_deployers < function_count && Clock::now() < give_up) {
        switch (moment) {
            case KillMoment::later:
                return true;
            case KillMoment::staging:
                if (has_entries(staging)) return true;
                break;
            case KillMoment::committed:
                if (staged && !has_entries(staging)) return true;
                staged = staged || has_entries(staging);
                break;
            case KillMoment::trashing:
                if (has_entries(trash)) return true;
                break;
        }
        std::this_thread::yield();
    }
    return false;
}

SeedResult run_seed(uint64_t seed) {
    std::mt19937_64 random(seed);
    Load load;
    load.functions = plan(random);
    const int total_deploys = function_count * deploys_per_function;
    // The kill: after this many 201s, then at a moment of the store's or a
    // fraction of a deploy's time later.
    const int kill_after = std::uniform_int_distribution<int>(1, total_deploys - 1)(random);
    const auto moment = static_cast<KillMoment>(std::uniform_int_distribution<int>(0, 3)(random));
    const double fraction = std::uniform_real_distribution<double>(0.0, 1.0)(random);

    DaemonOptions options;
    options.config = {{"max_versions_kept", versions_kept}};
    Daemon daemon(options);
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (FunctionRun& run : load.functions)
        threads.emplace_back([&daemon, &load, &run] { deploy_all(daemon, load, run); });
    for (int i = 0; i < invoker_count; ++i)
        threads.emplace_back([&daemon, &load] { invoke_all(daemon, load); });

    SeedResult result;
    const bool reached = test::eventually(
        [&] {
            return load.acked_deploys >= kill_after || load.finished_deployers == function_count;
        },
        load_patience);
    std::string aimed = std::to_string(kill_after) + " + ";
    if (moment == KillMoment::later) {
        // Up to as long as one deploy took so far (emberd runs them one at a
        // time): the kill lands anywhere in the next one, whatever the speed.
        const auto per_deploy = (Clock::now() - start) / std::max(1, load.acked_deploys.load());
        const auto delay =
            std::chrono::duration_cast<std::chrono::milliseconds>(per_deploy * fraction);
        std::this_thread::sleep_for(delay);
        aimed += std::to_string(delay.count()) + " ms";
    } else {
        aimed += std::string(to_string(moment)) +
                 (wait_for(daemon, load, moment) ? "" : " (missed: the deploys ended first)");
    }
    load.stop = true;
    daemon.kill9();
    for (std::thread& thread : threads)
        thread.join();
    const int acked_at_kill = load.acked_deploys;
    if (!reached) result.failures.push_back("the deploys stalled before the kill");
    for (const FunctionRun& run : load.functions) {
        for (const std::string& error : run.errors)
            result.failures.push_back(run.name + ": " + error);
    }
    for (const std::string& error : load.invoker_errors)
        result.failures.push_back(error);

    daemon.restart();
    std::map<std::string_view, int> recoveries;
    check_start_up_log(daemon, result, recoveries);
    HttpClient client = daemon.client();
    std::set<std::string> served;
    for (const auto& function :
         client.request("GET", "/v1/functions").json().value("functions", nlohmann::json::array()))
        served.insert(function.value("name", ""));
    FunctionCheck counts;
    for (const FunctionRun& run : load.functions)
        check_function(client, run, served.contains(run.name), result, counts);
    for (const std::string& name : served) {
        if (!name.starts_with("crash")) result.failures.push_back("unknown function " + name);
    }
    check_data_dir(daemon, served, result);

    // The store goes on numbering above every version it kept.
    const FunctionRun& first = load.functions.front();
    unsigned highest = 0;
    const Response before = client.request("GET", target_of(first.name) + "/versions");
    for (const auto& entry : before.json().value("versions", nlohmann::json::array()))
        highest = std::max(highest, entry.value("version", 0u));
    const Response again = client.request("PUT", target_of(first.name), first.uploads.front().body,
                                          {{"Content-Type", "application/octet-stream"}});
    if (again.status != 201)
        result.failures.push_back("deploy after the restart: " + again.summary());
    else if (again.json().value("version", 0u) <= highest)
        result.failures.push_back("deploy after the restart got version " +
                                  std::to_string(again.json().value("version", 0u)) +
                                  ", not above " + std::to_string(highest));

    std::ostringstream summary;
    summary << "seed " << seed << ": killed after " << acked_at_kill << " of " << total_deploys
            << " deploys acknowledged (aimed at " << aimed << "), " << load.invocations
            << " calls answered; after restart " << served.size() << " functions, "
            << counts.acked_checked << " at their acknowledged version, " << counts.unacked_present
            << " at an unacknowledged one; start-up recovered";
    if (recoveries.empty()) summary << " nothing";
    for (const auto& [kind, count] : recoveries)
        summary << " " << count << " " << kind;
    summary << (result.failures.empty() ? "; PASS" : "; FAIL");
    result.summary = summary.str();
    if (!result.failures.empty()) result.log = log_without_calls(daemon);
    return result;
}

std::vector<uint64_t> seeds_to_run() {
    if (const char* one = std::getenv("EMBER_CRASH_SEED")) return {std::stoull(one)};
    const char* count = std::getenv("EMBER_CRASH_SEEDS");
    const uint64_t n = count ? std::stoull(count) : 3;
    std::vector<uint64_t> seeds;
    for (uint64_t seed = 1; seed <= n; ++seed)
        seeds.push_back(seed);
    return seeds;
}

TEST_CASE("kill -9 at random points under deploys and calls loses no acknowledged deploy",
          "[kvm][e2e][crash]") {
    const std::vector<uint64_t> seeds = seeds_to_run();
    std::size_t passed = 0;
    for (uint64_t seed : seeds) {
        const SeedResult result = run_seed(seed);
        std::cout << "crash safety " << result.summary << std::endl;
        std::string failures;
        for (const std::string& failure : result.failures)
            failures += "\n  " + failure;
        INFO("seed " << seed << " (replay: EMBER_CRASH_SEED=" << seed << "):" << failures
                     << "\nemberd's log without its calls:\n"
                     << result.log);
        CHECK(result.failures.empty());
        passed += result.failures.empty() ? 1 : 0;
    }
    std::cout << "crash safety: " << passed << " of " << seeds.size() << " seeds passed"
              << std::endl;
}

}  // namespace
}  // namespace ember::e2e::crash
