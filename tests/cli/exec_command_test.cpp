// `ember exec`, run as a user would: the real binary, its output and exit status.
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/skip.hpp"

namespace {

struct Run {
    int status;
    std::string out;
    std::string err;
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `ember ARGS` through the shell; ARGS is trusted test text.
Run run_ember(const std::string& args, const std::string& stdin_text = "") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("ember-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "in") << stdin_text; }
    const std::string command = std::string(EMBER_BIN_DIR) + "/ember " + args + " <" +
                                (dir / "in").string() + " >" + (dir / "out").string() + " 2>" +
                                (dir / "err").string();
    const int raw = std::system(command.c_str());
    Run run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
    std::filesystem::remove_all(dir);
    return run;
}

std::string guest(const std::string& name) {
    return std::string(EMBER_GUEST_DIR) + "/" + name + ".elf";
}

}  // namespace

using Catch::Matchers::Contains;

TEST_CASE("ember exec prints the guest's output", "[kvm][cli]") {
    REQUIRE_KVM();
    const Run run = run_ember("exec " + guest("echo") + " --input hi");
    CHECK(run.status == 0);
    CHECK(run.out == "hi");
}

TEST_CASE("ember exec reads standard input and input files", "[kvm][cli]") {
    REQUIRE_KVM();
    CHECK(run_ember("exec " + guest("echo"), "from stdin").out == "from stdin");
    const auto file = std::filesystem::temp_directory_path() / "ember-cli-input";
    std::ofstream(file) << "from a file";
    CHECK(run_ember("exec " + guest("echo") + " --input-file " + file.string()).out ==
          "from a file");
    std::filesystem::remove(file);
}

TEST_CASE("ember exec picks handlers and shows guest logs on stderr", "[kvm][cli]") {
    REQUIRE_KVM();
    CHECK(run_ember("exec " + guest("wordcount") + " --handler reverse --input abc").out == "cba");
    const Run hello = run_ember("exec " + guest("hello") + " --input Ada");
    CHECK(hello.out == "Hello, Ada!");
    CHECK_THAT(hello.err, Contains("guest log: Hello, Ada!"));
}

TEST_CASE("ember exec exit statuses", "[kvm][cli]") {
    REQUIRE_KVM();
    const Run fault = run_ember("exec " + guest("t_null_deref"));
    CHECK(fault.status == 1);
    CHECK_THAT(fault.err, Contains("guest fault: page fault writing 0x0"));

    const Run timeout = run_ember("exec " + guest("t_infinite_loop") + " --timeout-ms 50");
    CHECK(timeout.status == 1);
    CHECK_THAT(timeout.err, Contains("timeout"));

    const Run bad_input = run_ember("exec " + guest("fib") + " --input nope");
    CHECK(bad_input.status == 4);
    CHECK_THAT(bad_input.err, Contains("status 400"));

    const Run init = run_ember("exec " + guest("t_init_fault"));
    CHECK(init.status == 3);
    CHECK_THAT(init.err, Contains("initialisation failed"));
}

TEST_CASE("ember exec rejects what is not a guest", "[cli]") {
    const Run not_elf = run_ember("exec " + std::string(EMBER_SOURCE_DIR) + "/README.md --input x");
    CHECK(not_elf.status == 3);
    CHECK_THAT(not_elf.err, Contains("is not a valid guest") && Contains("magic"));
    const Run missing = run_ember("exec /nonexistent.elf --input x");
    CHECK(missing.status == 3);
    CHECK_THAT(missing.err, Contains("reading /nonexistent.elf: No such file"));
}

TEST_CASE("ember exec usage errors", "[cli]") {
    CHECK(run_ember("exec").status == 2);
    const Run both = run_ember("exec x.elf --input a --input-file b");
    CHECK(both.status == 2);
    CHECK_THAT(both.err, Contains("not both"));
    const Run bad_number = run_ember("exec x.elf --memory-mb 1000");
    CHECK(bad_number.status == 2);
    CHECK_THAT(bad_number.err, Contains("--memory-mb takes a number from 2 to 256"));
    CHECK(run_ember("frobnicate").status == 2);
}
