// Tests the install rules: a DESTDIR staging install puts each part in its
// standard place, the installed units name the installed paths, and the
// installed programs say which version and commit they are.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "base/version.hpp"
#include "tests/packaging/command.hpp"
#include "tests/packaging/install_layout.hpp"
#include "tests/packaging/staged_install.hpp"

using namespace ember::packaging::test;
using Catch::Matchers::Contains;

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool executable(const std::filesystem::path& path) {
    using std::filesystem::perms;
    const perms mode = std::filesystem::status(path).permissions();
    return (mode & perms::owner_exec) != perms::none && (mode & perms::others_exec) != perms::none;
}

}  // namespace

TEST_CASE("cmake --install puts each part of Ember in its standard place", "[packaging]") {
    const StagedInstall staged;
    for (const std::filesystem::path& file : {
             layout.bindir / "emberd",
             layout.bindir / "ember",
             layout.sysconfdir / "ember/emberd.json",
             layout.unitdir / "emberd.service",
             layout.unitdir / "emberd.socket",
             layout.sysusersdir / "ember.conf",
             layout.tmpfilesdir / "ember.conf",
             layout.includedir / "ember/abi.h",
             layout.includedir / "ember/guest.h",
             layout.includedir / "ember/libc.h",
             layout.libdir / "libember_guest.a",
             layout.libdir / "ember/guest.ld",
             layout.libdir / "cmake/EmberGuest/EmberGuestConfig.cmake",
             layout.libdir / "cmake/EmberGuest/EmberGuestConfigVersion.cmake",
             layout.libdir / "cmake/EmberGuest/EmberGuestTargets.cmake",
             layout.libdir / "cmake/EmberGuest/EmberGuest.cmake",
             layout.datadir / "ember/examples/echo.c",
             layout.datadir / "ember/examples/wordcount.cpp",
             layout.datadir / "ember/examples/README.md",
             layout.docdir / "README.md",
         }) {
        INFO(file);
        CHECK(std::filesystem::is_regular_file(staged.path(file)));
    }
    CHECK(executable(staged.path(layout.bindir / "emberd")));
    CHECK(executable(staged.path(layout.bindir / "ember")));
    // Test binaries, test guests and the benchmarks stay in the build tree.
    CHECK_FALSE(std::filesystem::exists(staged.path(layout.bindir / "ember-load")));
    CHECK_FALSE(std::filesystem::exists(staged.path(layout.bindir / "ember-sandbox-bench")));
}

TEST_CASE("the installed unit and tmpfiles entry name the installed paths", "[packaging]") {
    const StagedInstall staged;
    const std::string unit = slurp(staged.path(layout.unitdir / "emberd.service"));
    CHECK_THAT(unit, Contains("\nExecStart=" + (layout.bindir / "emberd").string() + " --config " +
                              (layout.sysconfdir / "ember/emberd.json").string() +
                              " --data-dir %S/ember\n"));
    CHECK_THAT(unit, Contains("\nDocumentation=file://" + (layout.docdir / "README.md").string()));
    CHECK_THAT(slurp(staged.path(layout.tmpfilesdir / "ember.conf")),
               Contains("\nd " + (layout.sysconfdir / "ember").string() + " 0755 root root -"));
    for (const std::filesystem::path& file :
         {layout.unitdir / "emberd.service", layout.unitdir / "emberd.socket",
          layout.sysusersdir / "ember.conf", layout.tmpfilesdir / "ember.conf"}) {
        INFO(file);
        CHECK(slurp(staged.path(file)).find('@') == std::string::npos);
    }
}

TEST_CASE("the installed emberd and ember print their version and commit", "[packaging]") {
    const StagedInstall staged;
    for (const char* program : {"emberd", "ember"}) {
        const CommandResult run =
            run_command(quoted(staged.path(layout.bindir / program)) + " --version");
        INFO(program << ": " << run.output << run.errors);
        CHECK(run.status == 0);
        CHECK(run.output == ember::version_line(program) + "\n");
    }
    CHECK_THAT(ember::version_line("ember"),
               Catch::Matchers::Matches(R"(ember \d+\.\d+\.\d+ \(commit [A-Za-z0-9._+~-]+\))"));
}
