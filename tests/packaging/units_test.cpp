// Tests the installed systemd files with systemd's own checkers, inside the
// staging directory as their root: the units with `systemd-analyze verify`
// (which also finds the ExecStart binary there), the sysusers entry with
// `systemd-sysusers --dry-run`.
#include <catch2/catch.hpp>

#include "tests/packaging/command.hpp"
#include "tests/packaging/install_layout.hpp"
#include "tests/packaging/staged_install.hpp"
#include "tests/skip.hpp"

using namespace ember::packaging::test;

TEST_CASE("the installed units pass systemd-analyze verify", "[packaging]") {
    if (!has_program("systemd-analyze")) ember::test::skip_test("systemd-analyze is not installed");
    const StagedInstall staged;
    // --recursive-errors=no: the staging root holds no sysinit.target and
    // the like for the units' default dependencies.
    const CommandResult verify = run_command(
        "systemd-analyze verify --man=no --recursive-errors=no --root=" + quoted(staged.root()) +
        " " + quoted(staged.path(layout.unitdir / "emberd.service")) + " " +
        quoted(staged.path(layout.unitdir / "emberd.socket")));
    INFO(verify.output << verify.errors);
    CHECK(verify.status == 0);
    CHECK(verify.errors.empty());
}

TEST_CASE("the installed sysusers entry creates the ember user", "[packaging]") {
    if (!has_program("systemd-sysusers"))
        ember::test::skip_test("systemd-sysusers is not installed");
    const StagedInstall staged;
    const CommandResult dry_run =
        run_command("systemd-sysusers --dry-run --root=" + quoted(staged.root()) + " " +
                    quoted(staged.path(layout.sysusersdir / "ember.conf")));
    INFO(dry_run.output << dry_run.errors);
    CHECK(dry_run.status == 0);
    CHECK_THAT(dry_run.errors, Catch::Matchers::Contains("Creating user 'ember'"));
}
