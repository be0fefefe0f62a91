// Tests base/version: the --version line, and where cmake/EmberCommit.cmake
// finds the commit it names (run here on scratch source trees).
#include "base/version.hpp"

#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/scratch_dir.hpp"
#include "tests/skip.hpp"

using Catch::Matchers::Contains;
using ember::daemon::test::ScratchDir;

namespace {

const std::filesystem::path source_dir = EMBER_SOURCE_DIR;

// Runs cmake/EmberCommit.cmake for the source tree `tree` and returns the
// commit.cpp it writes, or "" when it fails. `commit` is EMBER_COMMIT.
std::string commit_source(const std::filesystem::path& tree, const std::string& commit = "") {
    const std::filesystem::path output = tree / "commit.cpp";
    const std::string command =
        std::string(EMBER_CMAKE_COMMAND) + " -DSOURCE_DIR=" + tree.string() +
        " -DCOMMIT=" + commit + " -DTEMPLATE=" + (source_dir / "base/commit.cpp.in").string() +
        " -DOUTPUT=" + output.string() + " -P " +
        (source_dir / "cmake/EmberCommit.cmake").string() + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "";
    std::ifstream in(output);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A source tree that is not a git work tree, as unpacked from a tarball,
// with `archived` as its cmake/archive-commit.txt.
void write_archive_commit(const ScratchDir& tree, const std::string& archived) {
    std::filesystem::create_directories(tree.path() / "cmake");
    std::ofstream(tree.path() / "cmake/archive-commit.txt") << archived << "\n";
}

}  // namespace

TEST_CASE("the --version line names the program, the version and the commit", "[version]") {
    CHECK(ember::version_line("emberd") == "emberd " + std::string(ember::version) + " (commit " +
                                               std::string(ember::commit()) + ")");
    CHECK_FALSE(ember::commit().empty());
}

TEST_CASE("a tarball made by git archive names the commit git wrote into it", "[version]") {
    const ScratchDir tree;
    write_archive_commit(tree, "0123456789abcdef0123456789abcdef01234567");
    CHECK_THAT(commit_source(tree.path()), Contains("return \"0123456789ab\";"));
}

TEST_CASE("a tree neither from git nor from git archive names an unknown commit", "[version]") {
    const ScratchDir tree;
    write_archive_commit(tree, "$Format:%H$");
    CHECK_THAT(commit_source(tree.path()), Contains("return \"unknown\";"));
}

TEST_CASE("a packager's EMBER_COMMIT comes first, and must be a plain word", "[version]") {
    const ScratchDir tree;
    write_archive_commit(tree, "0123456789abcdef0123456789abcdef01234567");
    CHECK_THAT(commit_source(tree.path(), "1.2-3"), Contains("return \"1.2-3\";"));
    CHECK(commit_source(tree.path(), "\\\"oops").empty());
}

TEST_CASE("git archive writes the commit into cmake/archive-commit.txt", "[version]") {
    if (std::system(
            ("git -C " + source_dir.string() + " rev-parse HEAD >/dev/null 2>&1").c_str()) != 0)
        ember::test::skip_test("the source tree is not a git work tree");
    const ScratchDir tree;
    const std::string command = "git -C " + source_dir.string() +
                                " archive HEAD cmake/archive-commit.txt | tar -x -C " +
                                tree.path().string();
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream in(tree.path() / "cmake/archive-commit.txt");
    std::string archived;
    std::getline(in, archived);
    CHECK(archived.size() == 40);
    CHECK(archived.find_first_not_of("0123456789abcdef") == std::string::npos);
}
