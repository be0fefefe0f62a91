// A `cmake --install` of this build tree into a scratch directory with
// DESTDIR, as a packager stages one: an installed path P is at path(P).
// Removed with everything in it at destruction.
#pragma once

#include <filesystem>

#include "tests/scratch_dir.hpp"

namespace ember::packaging::test {

class StagedInstall {
  public:
    // Installs; a failed install fails the test (REQUIRE), with its output.
    StagedInstall();

    // The staging directory: DESTDIR.
    const std::filesystem::path& root() const { return dir_.path(); }

    // Where the file installed as `installed` (absolute) is staged.
    std::filesystem::path path(const std::filesystem::path& installed) const {
        return root() / installed.relative_path();
    }

  private:
    daemon::test::ScratchDir dir_;
};

}  // namespace ember::packaging::test
