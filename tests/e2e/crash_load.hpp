// The load of the crash-safety test (crash_safety_test.cpp): its planned
// uploads, the deployers and invokers that run until the kill, and what
// they saw of it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "daemon_process.hpp"

namespace ember::e2e::crash {

using Clock = std::chrono::steady_clock;

// Every guest answers this input in its own way, so an answer tells which
// guest served it.
inline constexpr std::string_view call_input = "20";
struct Guest {
    std::string_view file;
    std::string_view answer;
};
inline constexpr std::array<Guest, 3> guests{
    {{"echo", "20"}, {"hello", "Hello, 20!"}, {"fib", "6765"}}};

inline constexpr int function_count = 3;
inline constexpr int deploys_per_function = 4;
inline constexpr int invoker_count = 2;
// Zero padding after the ELF (the loader ignores it) gives every upload its
// own sha256, and the large ones keep the store writing long enough to be cut.
inline constexpr std::size_t max_padding = 2u << 20;
// Low, so that deploys prune and a kill can interrupt a prune too.
inline constexpr unsigned versions_kept = 2;
inline constexpr auto load_patience = std::chrono::minutes(5);

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

// Every function's uploads, made before the load starts.
std::vector<FunctionRun> plan(std::mt19937_64& random);
std::string target_of(std::string_view name);
// The threads of the load: one deployer per function, and invokers. No
// Catch assertions on them (Catch2 v2 is not thread-safe): what goes wrong
// is written down for the test's thread.
void deploy_all(const Daemon& daemon, Load& load, FunctionRun& run);
void invoke_all(const Daemon& daemon, Load& load);

}  // namespace ember::e2e::crash
