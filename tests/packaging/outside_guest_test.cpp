// Tests the installed guest SDK from outside the tree: a throwaway CMake
// project (outside_project/) finds it with find_package(EmberGuest) in a
// staged install and builds the installed examples; the installed
// `ember exec` runs what it built.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/packaging/command.hpp"
#include "tests/packaging/install_layout.hpp"
#include "tests/packaging/staged_install.hpp"
#include "tests/skip.hpp"

using namespace ember::packaging::test;

namespace {

// outside_project/ configured and built against `staged`, in a scratch
// directory; a failure fails the test with cmake's output.
class OutsideBuild {
  public:
    explicit OutsideBuild(const StagedInstall& staged) {
        const CommandResult configure = run_command(
            quoted(cmake_command) + " -S " + quoted(outside_project) + " -B " +
            quoted(dir_.path()) + " -G " + quoted(cmake_generator) +
            " -DCMAKE_PREFIX_PATH=" + quoted(staged.path(layout.prefix)) +
            " -DEMBER_EXAMPLES=" + quoted(staged.path(layout.datadir / "ember/examples")));
        INFO(configure.output << configure.errors);
        REQUIRE(configure.status == 0);
        const CommandResult build =
            run_command(quoted(cmake_command) + " --build " + quoted(dir_.path()));
        INFO(build.output << build.errors);
        REQUIRE(build.status == 0);
    }

    std::filesystem::path guest(const std::string& name) const {
        return dir_.path() / "guests" / (name + ".elf");
    }

  private:
    ember::daemon::test::ScratchDir dir_;
};

bool is_elf(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, sizeof magic);
    return in && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

}  // namespace

TEST_CASE("an outside CMake project builds guests with find_package(EmberGuest)", "[packaging]") {
    const StagedInstall staged;
    const OutsideBuild outside(staged);
    for (const char* name : {"echo", "wordcount", "sha256"}) {
        INFO(name);
        CHECK(is_elf(outside.guest(name)));
    }
}

TEST_CASE("guests built outside the tree run under the installed ember exec", "[kvm][packaging]") {
    REQUIRE_KVM();
    const StagedInstall staged;
    const OutsideBuild outside(staged);
    const std::string ember = quoted(staged.path(layout.bindir / "ember"));

    const CommandResult echo =
        run_command(ember + " exec " + quoted(outside.guest("echo")) + " --input hi");
    INFO(echo.errors);
    CHECK(echo.status == 0);
    CHECK(echo.output == "hi");

    const CommandResult words = run_command(ember + " exec " + quoted(outside.guest("wordcount")) +
                                            " --input 'one two three'");
    INFO(words.errors);
    CHECK(words.status == 0);
    CHECK(words.output == "3");

    const CommandResult digest =
        run_command(ember + " exec " + quoted(outside.guest("sha256")) + " --input abc");
    INFO(digest.errors);
    CHECK(digest.status == 0);
    CHECK(digest.output == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
