// The store's commit protocol, syscall by syscall: a version is durable when
// put() returns because every file and directory it changed was fsynced, in
// an order under which a crash at any point leaves either nothing or the
// complete version. Observed with strace on a real put (store_put_tool.cpp).
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/scratch_dir.hpp"
#include "tests/skip.hpp"

using namespace ember::daemon::test;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// "fsync tmp/echo.*/binary.elf", "rename tmp/echo.* functions/echo/1", ...:
// the traced calls on paths inside `dir`, relative to it, with the random
// part of a staging directory's name as '*'.
std::vector<std::string> store_calls(const std::string& trace, const std::string& dir) {
    static const std::regex call(
        R"((fsync|fdatasync|mkdir|mkdirat|rename|renameat2?)\((.*)\) = 0)");
    static const std::regex path("[\"<](" + std::string("[^\">]+") + ")[\">]");
    const std::regex staging(R"(tmp/([a-z0-9_-]+)\.[A-Za-z0-9]{6})");
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
            text += " " + std::regex_replace(p.substr(dir.size() + 1), staging, "tmp/$1.*");
        }
        if (inside) calls.push_back(text);
    }
    return calls;
}

// Runs the tool under strace; the trace, or a skip when strace cannot run.
std::string traced_put(const std::filesystem::path& dir, const std::string& name) {
    if (std::system("command -v strace >/dev/null 2>&1") != 0)
        ember::test::skip_test("strace is not installed (scripts/ensure-packages installs it)");
    const auto trace = dir.parent_path() / (dir.filename().string() + ".trace");
    const auto errors = dir.parent_path() / (dir.filename().string() + ".stderr");
    // LeakSanitizer cannot run under ptrace: the sanitized build's tool
    // would fail at exit for that alone.
    const std::string command =
        "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -y -e "
        "trace=fsync,fdatasync,mkdir,mkdirat,rename,"
        "renameat,renameat2 -o '" +
        trace.string() + "' '" EMBER_STORE_PUT_TOOL "' '" + dir.string() + "' " + name +
        " >/dev/null 2>'" + errors.string() + "'";
    const int status = std::system(command.c_str());
    const std::string stderr_text = read_text(errors);
    if (stderr_text.find("ptrace") != std::string::npos &&
        stderr_text.find("Operation not permitted") != std::string::npos)
        ember::test::skip_test("this machine does not allow ptrace, which strace needs");
    INFO(stderr_text);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    const std::string text = read_text(trace);
    std::filesystem::remove(trace);
    std::filesystem::remove(errors);
    return text;
}

}  // namespace

TEST_CASE("a put fsyncs each file, then the staging directory, renames, then fsyncs the parent",
          "[store][durability]") {
    ScratchDir scratch;
    const std::string dir = std::filesystem::canonical(scratch.path()).string() + "/store";

    // The first version also creates the function's directory, durably.
    const std::vector<std::string> first = store_calls(traced_put(dir, "echo"), dir);
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
    const std::vector<std::string> second = store_calls(traced_put(dir, "echo"), dir);
    const std::vector<std::string> next = {
        "mkdir tmp/echo.*", "fsync tmp/echo.*/binary.elf",        "fsync tmp/echo.*/meta.json",
        "fsync tmp/echo.*", "rename tmp/echo.* functions/echo/2", "fsync functions/echo",
    };
    REQUIRE(second.size() >= next.size());
    CHECK(std::vector(second.end() - static_cast<std::ptrdiff_t>(next.size()), second.end()) ==
          next);
}
