// The .deb of this build tree, made by cpack in a scratch directory (removed
// with it at destruction).
#pragma once

#include <filesystem>

#include "tests/scratch_dir.hpp"

namespace ember::packaging::test {

class BuiltDeb {
  public:
    // Runs cpack -G DEB; a failure fails the test (REQUIRE), with its output.
    BuiltDeb();

    const std::filesystem::path& file() const { return file_; }

  private:
    daemon::test::ScratchDir dir_;
    std::filesystem::path file_;
};

}  // namespace ember::packaging::test
