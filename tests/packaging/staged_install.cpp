// StagedInstall: cmake --install with DESTDIR.
#include "tests/packaging/staged_install.hpp"

#include <catch2/catch.hpp>

#include "tests/packaging/command.hpp"
#include "tests/packaging/install_layout.hpp"

namespace ember::packaging::test {

StagedInstall::StagedInstall() {
    const CommandResult install =
        run_command("DESTDIR=" + quoted(root()) + " " + quoted(cmake_command) + " --install " +
                    quoted(build_dir));
    INFO(install.output << install.errors);
    REQUIRE(install.status == 0);
}

}  // namespace ember::packaging::test
