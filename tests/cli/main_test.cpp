// The `ember` command line as a whole: the commands it lists, --help on each,
// and its usage errors.
#include <catch2/catch.hpp>

#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::vector<std::string> commands = {"deploy", "invoke",     "ls",       "describe",
                                           "rm",     "versions",   "rollback", "env",
                                           "logs",   "invocation", "metrics",  "exec"};

TEST_CASE("ember --help lists every command", "[cli]") {
    const EmberRun run = run_ember({"--help"});
    CHECK(run.status == 0);
    for (const std::string& command : commands)
        CHECK_THAT(run.out, Contains("  " + command + " "));
}

TEST_CASE("every ember command has --help", "[cli]") {
    for (const std::string& command : commands) {
        const EmberRun run = run_ember({command, "--help"});
        INFO(command << ": " << run.err);
        CHECK(run.status == 0);
        CHECK_THAT(run.out, Contains("ember " + command));
    }
}

TEST_CASE("ember usage errors exit 2", "[cli]") {
    const EmberRun bare = run_ember({});
    CHECK(bare.status == 2);
    CHECK_THAT(bare.err, Contains("deploy"));
    const EmberRun unknown = run_ember({"frobnicate"});
    CHECK(unknown.status == 2);
    CHECK_THAT(unknown.err, Contains("frobnicate"));
    const EmberRun missing_name = run_ember({"describe"});
    CHECK(missing_name.status == 2);
    CHECK_THAT(missing_name.err, Contains("NAME"));
    CHECK(run_ember({"ls", "--bogus"}).status == 2);
}

}  // namespace
}  // namespace ember::cli::test
