// wasm_spec: runs the WebAssembly core spec scripts in-process through the
// engine and prints a table per script (commands, passed, failed, excluded).
//
//   wasm_spec [--expect LIST] [--verbose] [SCRIPT...]
//
// SCRIPT is a name ("i32", in the suite) or a path to a .wast file; by default every script of
// the suite but the SIMD ones (out of scope, reported as skipped). With
// --expect, LIST names the scripts that pass (one a line, '#' comments):
// the exit status is 1 only when one of them fails (a regression), and a
// script that passes without being listed is pointed out, to be added.
// Without it, the exit status is 1 when any command fails. 77 (skipped)
// when the suite or wast2json is missing here.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/wasm/spec/executor.hpp"
#include "tests/wasm/spec/script_converter.hpp"
#include "tests/wasm/spec/script_report.hpp"
#include "tests/wasm/spec/test_suite.hpp"

namespace {

namespace fs = std::filesystem;
using namespace ember::wasm::spec;

constexpr int skip_exit_status = 77;
constexpr size_t failures_shown = 20;

struct Options {
    fs::path expect_list;
    bool verbose = false;
    std::vector<std::string> scripts;
};

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--expect" && i + 1 < argc) {
            options.expect_list = argv[++i];
        } else if (arg == "--verbose" || arg == "-v") {
            options.verbose = true;
        } else if (!arg.empty() && arg[0] == '-') {
            return false;
        } else {
            options.scripts.push_back(arg);
        }
    }
    return true;
}

std::set<std::string> read_list(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::set<std::string> names;
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find('#'));
        const size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        names.insert(line.substr(start, line.find_last_not_of(" \t") - start + 1));
    }
    return names;
}

std::vector<fs::path> chosen_scripts(const Options& options, const fs::path& dir,
                                     const SuiteScripts& suite) {
    if (options.scripts.empty()) return suite.core;
    std::vector<fs::path> paths;
    for (const std::string& script : options.scripts) {
        const bool is_path = fs::path(script).extension() == ".wast";
        paths.push_back(is_path ? fs::path(script) : dir / (script + ".wast"));
    }
    return paths;
}

// The script's report; a script that cannot be converted is one failure.
ScriptReport run(const fs::path& wast) {
    try {
        const std::vector<uint8_t> commands = command_stream_of(wast);
        ember::wasm::Vec<uint8_t> results;
        run_script(commands.data(), commands.size(), ExecutorLimits{}, results);
        return read_results({results.data(), results.size()});
    } catch (const ConversionError& e) {
        ScriptReport report;
        report.results.push_back({0, Outcome::fail, 0, e.what()});
        report.failed = 1;
        return report;
    }
}

void print_failures(const ScriptReport& report, bool all) {
    size_t shown = 0;
    for (const CommandResult* failure : report.failures()) {
        if (!all && shown++ == failures_shown) {
            std::printf("    ... %zu more (--verbose shows them all)\n",
                        report.failed - failures_shown);
            break;
        }
        std::printf("    line %u: %s: %s\n", failure->line, command_kind_name(failure->kind),
                    failure->reason.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::fprintf(stderr, "usage: wasm_spec [--expect LIST] [--verbose] [SCRIPT...]\n");
        return 2;
    }
    const fs::path dir = suite_dir();
    if (const std::string missing = missing_prerequisite(dir); !missing.empty()) {
        std::fprintf(stderr, "SKIPPED: %s\n", missing.c_str());
        return skip_exit_status;
    }
    const bool has_list = !options.expect_list.empty();
    const std::set<std::string> expected =
        has_list ? read_list(options.expect_list) : std::set<std::string>{};
    const SuiteScripts suite = list_scripts(dir);

    std::printf("%-28s %8s %8s %8s %8s  %s\n", "script", "commands", "passed", "failed", "excluded",
                has_list ? "expected to pass" : "");
    ScriptReport total;
    size_t scripts_passing = 0, regressions = 0, new_passes = 0;
    std::vector<fs::path> scripts = chosen_scripts(options, dir, suite);
    for (const fs::path& wast : scripts) {
        const std::string name = wast.stem().string();
        const ScriptReport report = run(wast);
        const bool listed = expected.count(name) > 0;
        const bool passes = report.failed == 0;
        const char* note = "";
        if (has_list && listed) note = passes ? "yes" : "yes: REGRESSION";
        if (has_list && !listed && passes) note = "no: NEW PASS, add it to the list";
        std::printf("%-28s %8zu %8zu %8zu %8zu  %s\n", name.c_str(), report.commands(),
                    report.passed, report.failed, report.excluded, note);
        if (options.verbose || (listed && !passes)) print_failures(report, options.verbose);
        scripts_passing += passes;
        regressions += listed && !passes;
        new_passes += has_list && !listed && passes;
        total.passed += report.passed;
        total.failed += report.failed;
        total.excluded += report.excluded;
    }
    const size_t commands = total.passed + total.failed + total.excluded;
    std::printf("%-28s %8zu %8zu %8zu %8zu\n", "total", commands, total.passed, total.failed,
                total.excluded);
    std::printf("%zu of %zu scripts pass; %zu SIMD scripts (simd_*) skipped: out of scope\n",
                scripts_passing, scripts.size(), suite.simd.size());
    if (has_list)
        std::printf("%zu regressions among the %zu scripts of %s; %zu new passes to list\n",
                    regressions, expected.size(), options.expect_list.c_str(), new_passes);
    for (const std::string& name : expected) {
        if (!fs::exists(dir / (name + ".wast"))) {
            std::printf("%s lists %s, which the suite does not have\n", options.expect_list.c_str(),
                        name.c_str());
            ++regressions;
        }
    }
    if (has_list) return regressions ? 1 : 0;
    return total.failed ? 1 : 0;
}
