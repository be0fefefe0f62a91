// The spec scripts run inside a real sandbox (the t_wasm_spec guest, with
// the freestanding engine) must give the same results, byte for byte, as
// the host's in-process run (wasm_spec). $EMBER_WASM_SPEC_SCRIPTS (names,
// comma-separated) narrows the scripts: the emulated KVM machine is slow.
#include <cstdlib>
#include <sstream>

#include "tests/sandbox/guest_fixture.hpp"
#include "tests/wasm/spec/executor.hpp"
#include "tests/wasm/spec/script_report.hpp"
#include "tests/wasm/spec/test_suite.hpp"

using namespace ember;
using namespace ember::wasm::spec;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> scripts_to_run(const fs::path& dir) {
    const char* names = std::getenv("EMBER_WASM_SPEC_SCRIPTS");
    if (!names || !*names) return list_scripts(dir).core;
    std::vector<fs::path> paths;
    std::istringstream list(names);
    for (std::string name; std::getline(list, name, ',');)
        if (!name.empty()) paths.push_back(dir / (name + ".wast"));
    return paths;
}

// Room for the largest script's modules (input) and the linear memories the
// executor allows (ExecutorLimits), twice over while one grows.
sandbox::ImageConfig spec_guest_config() {
    sandbox::ImageConfig config;
    config.limits.memory_bytes = 256ull << 20;
    config.limits.input_bytes = 8ull << 20;
    config.limits.output_bytes = 2ull << 20;
    return config;
}

std::vector<uint8_t> host_results(const std::vector<uint8_t>& commands) {
    wasm::Vec<uint8_t> results;
    run_script(commands.data(), commands.size(), ExecutorLimits{}, results);
    return {results.begin(), results.end()};
}

// The first result where the two runs differ, for the failure message.
std::string first_difference(const ScriptReport& host, const ScriptReport& guest) {
    for (size_t i = 0; i < host.results.size() && i < guest.results.size(); ++i) {
        const CommandResult& a = host.results[i];
        const CommandResult& b = guest.results[i];
        if (a.outcome != b.outcome || a.reason != b.reason || a.line != b.line)
            return "line " + std::to_string(a.line) + " " + command_kind_name(a.kind) +
                   ": host \"" + a.reason + "\", sandbox \"" + b.reason + "\"";
    }
    return std::to_string(host.results.size()) + " results on the host, " +
           std::to_string(guest.results.size()) + " in the sandbox";
}

}  // namespace

TEST_CASE("spec scripts give the same results in a sandbox as on the host", "[kvm][wasm]") {
    REQUIRE_KVM();
    const fs::path dir = suite_dir();
    if (const std::string missing = missing_prerequisite(dir); !missing.empty())
        test::skip_test(missing);
    sandbox::Sandbox box(test::snapshot_of("t_wasm_spec", spec_guest_config()));
    for (const fs::path& wast : scripts_to_run(dir)) {
        INFO("script " << wast.stem().string());
        const std::vector<uint8_t> commands = command_stream_of(wast);
        const std::vector<uint8_t> expected = host_results(commands);
        // A generous bound that only stops a runaway guest: the emulated
        // KVM machine is two orders of magnitude slower than real KVM.
        const sandbox::CallResult result =
            box.call("", std::as_bytes(std::span(commands)), test::in_ms(600'000));
        if (!result.ok()) {
            FAIL_CHECK(to_string(result.error().kind) << ": " << result.error().message);
            continue;
        }
        const auto output = result.reply().output;
        const std::vector<uint8_t> got(
            reinterpret_cast<const uint8_t*>(output.data()),
            reinterpret_cast<const uint8_t*>(output.data()) + output.size());
        const ScriptReport host = read_results(expected);
        const ScriptReport guest = read_results(got);
        INFO(host.passed << " passed, " << host.failed << " failed, " << host.excluded
                         << " excluded on the host");
        if (got != expected) FAIL_CHECK(first_difference(host, guest));
    }
}
