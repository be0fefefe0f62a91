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
#include <array>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/eventually.hpp"

namespace ember::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Every guest answers this input in its own way, so an answer tells which
// guest served it.
constexpr std::string_view call_input = "20";
struct Guest {
    std::string_view file;
    std::string_view answer;
};
constexpr std::array<Guest, 3> guests{{{"echo", "20"}, {"hello", "Hello, 20!"}, {"fib", "6765"}}};

constexpr int function_count = 3;
constexpr int deploys_per_function = 4;
constexpr int invoker_count = 2;
// Zero padding after the ELF (the loader ignores it) gives every upload its
// own sha256, and the large ones keep the store writing long enough to be cut.
constexpr std::size_t max_padding = 2u << 20;
// Low, so that deploys prune and a kill can interrupt a prune too.
constexpr unsigned versions_kept = 2;
constexpr auto load_patience = std::chrono::minutes(5);

// The start-up check's lines (daemon/main.cpp logs each as "store: ...")
// that a kill can cause, by what they recover.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> expected_recoveries{{
    {"removed (an interrupted upload)", "interrupted upload"},
    {"removed (an interrupted delete or prune)", "interrupted prune"},
    {"removed (no version was ever committed)", "empty function directory"},
}};

struct Upload {
    std::size_t guest = 0;  // index in guests
    std::string body;
    std::string sha256;
};

// One function's planned uploads (made before the load starts, so that the
// invokers can read them) and what its deployer saw.
struct FunctionRun {
    std::string name;
    std::vector<Upload> uploads;
    std::map<unsigned, std::size_t> acked;  // version answered 201 -> upload
    std::optional<std::size_t> in_flight;   // sent, no answer: the kill cut it
    std::vector<std::string> errors;        // replies no deploy should get
};

struct Load {
    std::vector<FunctionRun> functions;
    std::atomic<int> acked_deploys{0};
    std::atomic<int> finished_deployers{0};
    std::atomic<long> invocations{0};
    std::atomic<bool> stop{false};
    std::mutex invoker_mutex;
    std::vector<std::string> invoker_errors;

    void invoker_error(std::string error) {
        std::lock_guard lock(invoker_mutex);
        invoker_errors.push_back(std::move(error));
    }
};

std::vector<FunctionRun> plan(std::mt19937_64& random) {
    std::vector<FunctionRun> functions;
    std::uniform_int_distribution<std::size_t> guest(0, guests.size() - 1);
    std::uniform_int_distribution<std::size_t> padding(0, max_padding);
    for (int f = 0; f < function_count; ++f) {
        FunctionRun run;
        run.name = "crash" + std::to_string(f);
        for (int d = 0; d < deploys_per_function; ++d) {
            Upload upload;
            upload.guest = guest(random);
            upload.body = guest_binary(guests[upload.guest].file);
            upload.body.resize(upload.body.size() + padding(random), '\0');
            upload.sha256 = sha256_hex(upload.body);
            run.uploads.push_back(std::move(upload));
        }
        functions.push_back(std::move(run));
    }
    return functions;
}

std::string target_of(std::string_view name) {
    std::string target = "/v1/functions/";
    target += name;
    return target;
}

// One deploy on a connection of its own, waiting for its answer as long as
// the load may take: emberd runs deploys one at a time, so one can wait for
// several others, longer than HttpClient's 10 s wait (and request() would
// send it again after that wait). nullopt when the kill cut it.
std::optional<Response> deploy_once(const Daemon& daemon, const Load& load, const std::string& name,
                                    const std::string& body) {
    HttpClient client = daemon.client();
    if (!client.send_raw("PUT " + target_of(name) +
                         "?timeout_ms=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/octet-stream\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body))
        return std::nullopt;
    const auto give_up = Clock::now() + load_patience;
    while (Clock::now() < give_up) {
        // A slice at a time: what arrived stays buffered for the next read.
        if (std::optional<Response> response = client.read_response(std::chrono::seconds(1)))
            return response;
        if (load.stop) return client.read_response(std::chrono::milliseconds(100));
    }
    return std::nullopt;
}

// No Catch assertions on these threads (Catch2 v2 is not thread-safe): what
// goes wrong is written down for the test's thread.
void deploy_all(const Daemon& daemon, Load& load, FunctionRun& run) {
    for (std::size_t i = 0; i < run.uploads.size() && !load.stop; ++i) {
        run.in_flight = i;
        std::optional<Response> response = deploy_once(daemon, load, run.name, run.uploads[i].body);
        if (!response) {
            if (!load.stop) run.errors.push_back("deploy " + std::to_string(i) + ": no answer");
            break;  // its outcome is unknown: a later deploy could not be told apart
        }
        run.in_flight.reset();
        if (response->status != 201) {
            run.errors.push_back("deploy " + std::to_string(i) + ": " + response->summary());
            continue;
        }
        const nlohmann::json description = response->json();
        if (description.value("sha256", "") != run.uploads[i].sha256)
            run.errors.push_back("deploy " + std::to_string(i) + " answered with another sha256");
        run.acked[description.value("version", 0u)] = i;
        ++load.acked_deploys;
    }
    ++load.finished_deployers;
}

// Whether `body` is what some guest uploaded as `run` answers.
bool plausible_answer(const FunctionRun& run, std::string_view body) {
    for (const Upload& upload : run.uploads) {
        if (guests[upload.guest].answer == body) return true;
    }
    return false;
}

void invoke_all(const Daemon& daemon, Load& load) {
    HttpClient client = daemon.client();
    while (!load.stop) {
        for (const FunctionRun& run : load.functions) {
            if (load.stop) break;
            std::optional<Response> response =
                client.try_request("POST", target_of(run.name) + "/invoke", call_input);
            if (!response) {
                if (!load.stop) load.invoker_error("invoke " + run.name + ": no answer");
                return;
            }
            // Not deployed yet, being replaced, busy: the load's own noise.
            if (response->status == 404 || response->status == 503 || response->status == 429 ||
                response->status == 504)
                continue;
            if (response->status != 200 || !plausible_answer(run, response->body)) {
                load.invoker_error("invoke " + run.name + ": " + response->summary());
                continue;
            }
            ++load.invocations;
        }
    }
}

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

struct SeedResult {
    std::vector<std::string> failures;
    std::string summary;
    std::string log;  // emberd's, when the seed failed
};

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

// One function after the restart: served at its last acknowledged version or
// at the deploy in flight after it, with that upload's bytes, answering as
// that upload's guest; the acknowledged versions still kept are listed.
struct FunctionCheck {
    int acked_checked = 0;
    int unacked_present = 0;
};

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
}  // namespace ember::e2e
