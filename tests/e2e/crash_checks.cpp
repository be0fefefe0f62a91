// The crash-safety test's checks after the restart (crash_checks.hpp).
#include "crash_checks.hpp"

#include <filesystem>
#include <sstream>

#include "e2e_helpers.hpp"

namespace ember::e2e::crash {
namespace {

namespace fs = std::filesystem;

// The start-up check's lines (daemon/main.cpp logs each as "store: ...")
// that a kill can cause, by what they recover.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> expected_recoveries{{
    {"removed (an interrupted upload)", "interrupted upload"},
    {"removed (an interrupted delete or prune)", "interrupted prune"},
    {"removed (no version was ever committed)", "empty function directory"},
}};

}  // namespace

// emberd's log of every run but the lines of single calls, which would bury
// the deploys, refusals and start-up reports in a failure's message.
std::string log_without_calls(const Daemon& daemon) {
    std::istringstream log(daemon.log_text());
    std::string kept;
    for (std::string line; std::getline(log, line);) {
        if (line.find(" invoke ") == std::string::npos && line.find(" guest ") == std::string::npos)
            kept += line + "\n";
    }
    return kept;
}

// The "store: ..." lines of the run's log, each counted by the recovery it
// reports; anything else is a failure.
void check_start_up_log(const Daemon& daemon, SeedResult& result,
                        std::map<std::string_view, int>& recoveries) {
    std::istringstream log(daemon.last_run_log());
    for (std::string line; std::getline(log, line);) {
        if (line.find(" store: ") == std::string::npos) continue;
        bool expected = false;
        for (const auto& [text, kind] : expected_recoveries) {
            if (line.find(text) != std::string::npos) {
                ++recoveries[kind];
                expected = true;
            }
        }
        if (!expected) result.failures.push_back("start-up reported: " + line);
    }
}

// Nothing but complete versions is left on disk, and only of served functions.
void check_data_dir(const Daemon& daemon, const std::set<std::string>& served, SeedResult& result) {
    for (const char* sub : {"tmp", "trash"}) {
        if (!fs::is_empty(daemon.data_dir() / sub))
            result.failures.push_back(std::string(sub) + "/ is not empty after start-up");
    }
    for (const auto& function : fs::directory_iterator(daemon.data_dir() / "functions")) {
        const std::string name = function.path().filename().string();
        if (!served.contains(name)) result.failures.push_back("functions/" + name + " not served");
        for (const auto& entry : fs::directory_iterator(function.path())) {
            if (entry.path().filename() == "active") continue;
            for (const char* file : {"meta.json", "binary.elf"}) {
                if (!fs::exists(entry.path() / file))
                    result.failures.push_back(entry.path().string() + " has no " + file);
            }
        }
    }
}

void check_function(HttpClient& client, const FunctionRun& run, bool listed, SeedResult& result,
                    FunctionCheck& counts) {
    const std::string who = run.name + ": ";
    const auto last_acked = run.acked.empty() ? std::nullopt : std::optional(*run.acked.rbegin());
    if (!listed) {
        if (last_acked)
            result.failures.push_back(who + "acknowledged version " +
                                      std::to_string(last_acked->first) + " is gone");
        return;
    }
    const Response described = client.request("GET", target_of(run.name));
    if (described.status != 200) {
        result.failures.push_back(who + "listed but describe says " + described.summary());
        return;
    }
    const unsigned version = described.json().value("version", 0u);
    const std::string sha = described.json().value("sha256", "");
    std::optional<std::size_t> upload;
    if (last_acked && version == last_acked->first &&
        sha == run.uploads[last_acked->second].sha256) {
        upload = last_acked->second;
        ++counts.acked_checked;
    } else if (run.in_flight && version == (last_acked ? last_acked->first + 1 : 1) &&
               sha == run.uploads[*run.in_flight].sha256) {
        upload = run.in_flight;
        ++counts.unacked_present;
    } else {
        result.failures.push_back(
            who + "serves version " + std::to_string(version) + " (" + sha +
            "), which is neither the last acknowledged nor the one in flight");
        return;
    }

    const Response answer = invoke(client, run.name, call_input);
    if (answer.status != 200 || answer.body != guests[run.uploads[*upload].guest].answer ||
        answer.header("x-ember-version") != std::to_string(version))
        result.failures.push_back(who + "version " + std::to_string(version) + " answers " +
                                  answer.summary());

    const Response listing = client.request("GET", target_of(run.name) + "/versions");
    std::map<unsigned, std::string> stored;
    for (const auto& entry : listing.json().value("versions", nlohmann::json::array()))
        stored[entry.value("version", 0u)] = entry.value("sha256", "");
    for (const auto& [acked, index] : run.acked) {
        if (acked + versions_kept <= version) continue;  // pruned, as configured
        const auto found = stored.find(acked);
        if (found == stored.end() || found->second != run.uploads[index].sha256)
            result.failures.push_back(who + "acknowledged version " + std::to_string(acked) +
                                      " is not listed as stored");
    }
}

}  // namespace ember::e2e::crash
