// BuiltDeb: cpack with the build tree's CPackConfig.cmake.
#include "tests/packaging/deb/built_deb.hpp"

#include <catch2/catch.hpp>

#include "tests/packaging/command.hpp"
#include "tests/packaging/install_layout.hpp"

namespace ember::packaging::test {

BuiltDeb::BuiltDeb() {
    const CommandResult cpack =
        run_command(quoted(cpack_command) + " -G DEB --config " +
                    quoted(build_dir / "CPackConfig.cmake") + " -B " + quoted(dir_.path()));
    INFO(cpack.output << cpack.errors);
    REQUIRE(cpack.status == 0);
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
        if (entry.path().extension() == ".deb") file_ = entry.path();
    }
    REQUIRE_FALSE(file_.empty());
}

}  // namespace ember::packaging::test
