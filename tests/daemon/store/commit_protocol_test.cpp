// The store's commit protocol, syscall by syscall: a version is durable when
// put() returns because every file and directory it changed was fsynced, in
// an order under which a crash at any point leaves either nothing or the
// complete version; and prune() deletes no version where it stands, so a
// crash at any point of it leaves every version it keeps. Observed with
// strace on a real put and prune (store_tool.cpp), and by killing the prune
// at each of its calls.
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/store/function_store.hpp"
#include "daemon/store/store_layout.hpp"
#include "tests/daemon/store/store_fixture.hpp"
#include "tests/skip.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The calls the store makes durable or visible changes with.
const std::string traced_calls =
    "fsync,fdatasync,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir";

// "fsync tmp/echo.*/binary.elf", "rename tmp/echo.* functions/echo/1", ...:
// the traced calls on paths inside `dir`, relative to it, with the random
// part of a staging or tombstone directory's name as '*'. unlinkat names
// the directory it deletes in, where it gets one.
std::vector<std::string> store_calls(const std::string& trace, const std::string& dir) {
    static const std::regex call(
        R"((fsync|fdatasync|mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|rmdir)\((.*)\) = 0)");
    static const std::regex path("[\"<](" + std::string("[^\">]+") + ")[\">]");
    const std::regex staging(R"((tmp|trash)/([a-z0-9_-]+)\.[A-Za-z0-9]{6})");
    std::vector<std::string> calls;
    std::istringstream lines(trace);
    for (std::string line; std::getline(lines, line);) {
        std::smatch found;
        if (!std::regex_search(line, found, call)) continue;
        std::string text = found[1].str();
        if (text == "mkdirat") text = "mkdir";
        if (text.starts_with("renameat")) text = "rename";
        const std::string arguments = found[2].str();
        bool inside = false;
        for (auto it = std::sregex_iterator(arguments.begin(), arguments.end(), path);
             it != std::sregex_iterator(); ++it) {
            std::string p = (*it)[1].str();
            if (!p.starts_with(dir + "/")) continue;
            inside = true;
            text += " " + std::regex_replace(p.substr(dir.size() + 1), staging, "$1/$2.*");
        }
        if (inside) calls.push_back(text);
    }
    return calls;
}

struct Traced {
    int status;          // of strace, which passes on the tool's
    std::string trace;   // the calls of traced_calls
    std::string errors;  // the tool's and strace's stderr
};

// Runs `ember-test-store DIR ARGUMENTS` under strace with `options`, or
// skips when strace cannot run.
Traced run_traced(const std::filesystem::path& dir, const std::string& arguments,
                  const std::string& options = {}) {
    if (std::system("command -v strace >/dev/null 2>&1") != 0)
        ember::test::skip_test("strace is not installed (scripts/ensure-packages installs it)");
    const auto trace = dir.parent_path() / (dir.filename().string() + ".trace");
    const auto errors = dir.parent_path() / (dir.filename().string() + ".stderr");
    // LeakSanitizer cannot run under ptrace: the sanitized build's tool
    // would fail at exit for that alone.
    const std::string command =
        "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -y -e trace=" + traced_calls + " " + options +
        " -o '" + trace.string() + "' '" EMBER_STORE_TOOL "' '" + dir.string() + "' " + arguments +
        " >/dev/null 2>'" + errors.string() + "'";
    Traced traced{std::system(command.c_str()), read_text(trace), read_text(errors)};
    if (traced.errors.find("ptrace") != std::string::npos &&
        traced.errors.find("Operation not permitted") != std::string::npos)
        ember::test::skip_test("this machine does not allow ptrace, which strace needs");
    std::filesystem::remove(trace);
    std::filesystem::remove(errors);
    return traced;
}

bool succeeded(const Traced& traced) {
    return WIFEXITED(traced.status) && WEXITSTATUS(traced.status) == 0;
}

// The tool's calls on `dir`; REQUIREs that it succeeded.
std::vector<std::string> traced_calls_of(const std::filesystem::path& dir,
                                         const std::string& arguments) {
    const Traced traced = run_traced(dir, arguments);
    INFO(traced.errors);
    REQUIRE(succeeded(traced));
    return store_calls(traced.trace, dir.string());
}

std::vector<std::string> traced_put(const std::filesystem::path& dir, const std::string& name) {
    return traced_calls_of(dir, "put " + name);
}

// A canonical path (strace shows resolved ones) for a store in `scratch`.
std::filesystem::path store_dir(const ScratchDir& scratch) {
    return std::filesystem::canonical(scratch.path()) / "store";
}

// A store in `dir` with versions 1..count of "echo".
void fill(const std::filesystem::path& dir, uint32_t count) {
    FunctionStore store(dir, host_functions);
    for (uint32_t v = 1; v <= count; ++v)
        REQUIRE(store.put("echo", bytes_of("echo " + std::to_string(v)), {}).version == v);
}

std::vector<uint32_t> versions_on_disk(const std::filesystem::path& dir) {
    return store_layout::list_versions(dir / "functions" / "echo").versions;
}

}  // namespace

TEST_CASE("a put fsyncs each file, then the staging directory, renames, then fsyncs the parent",
          "[store][durability]") {
    ScratchDir scratch;
    const std::filesystem::path dir = store_dir(scratch);

    // The first version also creates the function's directory, durably.
    const std::vector<std::string> first = traced_put(dir, "echo");
    const std::vector<std::string> commit = {
        "mkdir tmp/echo.*",  // the staging directory, mkdtemp
        "fsync tmp/echo.*/binary.elf",
        "fsync tmp/echo.*/meta.json",
        "fsync tmp/echo.*",
        "mkdir functions/echo",
        "fsync functions",
        "rename tmp/echo.* functions/echo/1",
        "fsync functions/echo",
    };
    // Before the commit the store only sets up its own directories.
    REQUIRE(first.size() >= commit.size());
    CHECK(std::vector(first.end() - static_cast<std::ptrdiff_t>(commit.size()), first.end()) ==
          commit);
    for (auto it = first.begin(); it != first.end() - static_cast<std::ptrdiff_t>(commit.size());
         ++it)
        CHECK(it->find("echo") == std::string::npos);

    // A later version: its directory exists, so no mkdir and no fsync of functions/.
    const std::vector<std::string> second = traced_put(dir, "echo");
    const std::vector<std::string> next = {
        "mkdir tmp/echo.*", "fsync tmp/echo.*/binary.elf",        "fsync tmp/echo.*/meta.json",
        "fsync tmp/echo.*", "rename tmp/echo.* functions/echo/2", "fsync functions/echo",
    };
    REQUIRE(second.size() >= next.size());
    CHECK(std::vector(second.end() - static_cast<std::ptrdiff_t>(next.size()), second.end()) ==
          next);
}

TEST_CASE("a prune renames each version into trash, fsyncs, and only then deletes, in trash",
          "[store][durability]") {
    ScratchDir scratch;
    const std::filesystem::path dir = store_dir(scratch);
    fill(dir, 4);
    const std::vector<std::string> calls = traced_calls_of(dir, "prune echo 2");
    const std::vector<std::string> commit = {
        "mkdir trash/echo.*",  // the tombstone, mkdtemp
        "rename functions/echo/1 trash/echo.*/1",
        "rename functions/echo/2 trash/echo.*/2",
        "fsync functions/echo",
    };
    REQUIRE(calls.size() > commit.size());
    CHECK(std::vector(calls.begin(), calls.begin() + static_cast<std::ptrdiff_t>(commit.size())) ==
          commit);
    for (auto it = calls.begin() + static_cast<std::ptrdiff_t>(commit.size()); it != calls.end();
         ++it) {
        INFO(*it);
        CHECK((it->starts_with("unlink") || it->starts_with("rmdir")));
        CHECK(it->find(" trash/echo.*") != std::string::npos);
        CHECK(it->find("functions/") == std::string::npos);
    }
    CHECK(versions_on_disk(dir) == std::vector<uint32_t>{4, 3});
}

TEST_CASE("a prune killed at any of its calls loses no version it keeps", "[store][durability]") {
    const std::vector<std::string> calls = {"mkdir", "rename", "renameat", "renameat2",
                                            "fsync", "unlink", "unlinkat", "rmdir"};
    int kills = 0;
    for (const std::string& call : calls) {
        for (int nth = 1;; ++nth) {
            INFO("killed at " << call << " number " << nth);
            REQUIRE(nth < 100);
            ScratchDir scratch;
            const std::filesystem::path dir = store_dir(scratch);
            fill(dir, 5);
            const Traced traced =
                run_traced(dir, "prune echo 2",
                           "-e inject=" + call + ":signal=KILL:when=" + std::to_string(nth));
            // The start after the crash: the newest version is served, the
            // versions the prune keeps are complete, the others at most
            // left complete in place, and the next prune finishes the job.
            FunctionStore store(dir, host_functions);
            std::vector<std::string> problems;
            const std::vector<StoredFunction> loaded = store.load_all(problems);
            REQUIRE(loaded.size() == 1);
            CHECK(loaded[0].version == 5);
            for (uint32_t version : versions_on_disk(dir)) {
                INFO("version " << version);
                CHECK_NOTHROW(store_layout::read_version(version_dir(dir, "echo", version), "echo",
                                                         version, host_functions));
            }
            CHECK(std::filesystem::is_empty(dir / "trash"));
            store.prune("echo", 2, 5);
            CHECK(versions_on_disk(dir) == std::vector<uint32_t>{5, 4});
            if (succeeded(traced)) break;
            ++kills;
        }
    }
    // Renames, the fsync and the deletions each were a point of death.
    CHECK(kills >= 4);
}
