// `ember exec`, run as a user would: the real binary, its output and exit status.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/run_ember.hpp"
#include "tests/scratch_dir.hpp"
#include "tests/skip.hpp"

namespace {

using ember::cli::test::EmberRun;
using ember::cli::test::run_ember;

std::string guest(const std::string& name) {
    return std::string(EMBER_GUEST_DIR) + "/" + name + ".elf";
}

}  // namespace

using Catch::Matchers::Contains;

TEST_CASE("ember exec prints the guest's output", "[kvm][cli]") {
    REQUIRE_KVM();
    const EmberRun run = run_ember({"exec", guest("echo"), "--input", "hi"});
    CHECK(run.status == 0);
    CHECK(run.out == "hi");
}

TEST_CASE("ember exec reads standard input and input files", "[kvm][cli]") {
    REQUIRE_KVM();
    CHECK(run_ember({"exec", guest("echo")}, "from stdin").out == "from stdin");
    const ember::daemon::test::ScratchDir dir;
    const auto file = dir.path() / "input";
    std::ofstream(file) << "from a file";
    CHECK(run_ember({"exec", guest("echo"), "--input-file", file.string()}).out == "from a file");
}

TEST_CASE("ember exec picks handlers and shows guest logs on stderr", "[kvm][cli]") {
    REQUIRE_KVM();
    CHECK(run_ember({"exec", guest("wordcount"), "--handler", "reverse", "--input", "abc"}).out ==
          "cba");
    const EmberRun hello = run_ember({"exec", guest("hello"), "--input", "Ada"});
    CHECK(hello.out == "Hello, Ada!");
    CHECK_THAT(hello.err, Contains("guest log: Hello, Ada!"));
}

TEST_CASE("ember exec exit statuses", "[kvm][cli]") {
    REQUIRE_KVM();
    const EmberRun fault = run_ember({"exec", guest("t_null_deref")});
    CHECK(fault.status == 1);
    CHECK_THAT(fault.err, Contains("guest fault: page fault writing 0x0"));

    const EmberRun timeout = run_ember({"exec", guest("t_infinite_loop"), "--timeout-ms", "50"});
    CHECK(timeout.status == 1);
    CHECK_THAT(timeout.err, Contains("timeout"));

    const EmberRun bad_input = run_ember({"exec", guest("fib"), "--input", "nope"});
    CHECK(bad_input.status == 4);
    CHECK_THAT(bad_input.err, Contains("status 400"));

    const EmberRun init = run_ember({"exec", guest("t_init_fault")});
    CHECK(init.status == 3);
    CHECK_THAT(init.err, Contains("initialisation failed"));
}

TEST_CASE("ember exec rejects what is not a guest", "[cli]") {
    const EmberRun not_elf =
        run_ember({"exec", std::string(EMBER_SOURCE_DIR) + "/README.md", "--input", "x"});
    CHECK(not_elf.status == 3);
    CHECK_THAT(not_elf.err, Contains("is not a valid guest") && Contains("magic"));
    const EmberRun missing = run_ember({"exec", "/nonexistent.elf", "--input", "x"});
    CHECK(missing.status == 3);
    CHECK_THAT(missing.err, Contains("reading /nonexistent.elf: No such file"));
}

TEST_CASE("ember exec usage errors", "[cli]") {
    CHECK(run_ember({"exec"}).status == 2);
    const EmberRun both = run_ember({"exec", "x.elf", "--input", "a", "--input-file", "b"});
    CHECK(both.status == 2);
    CHECK_THAT(both.err, Contains("not both"));
    const EmberRun bad_number = run_ember({"exec", "x.elf", "--memory-mb", "1000"});
    CHECK(bad_number.status == 2);
    CHECK_THAT(bad_number.err, Contains("--memory-mb takes a number from 2 to 256"));
    const EmberRun help = run_ember({"exec", "--help"});
    CHECK(help.status == 0);
    CHECK_THAT(help.out, Contains("usage: ember exec GUEST.elf"));
    CHECK(run_ember({"frobnicate"}).status == 2);
}
