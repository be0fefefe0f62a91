// Ember's version, from the project() line of the top-level CMakeLists.txt,
// and the commit it was built from.
#pragma once

#include <string>
#include <string_view>

namespace ember {

inline constexpr std::string_view version = EMBER_VERSION;

// The commit of this build: `git describe --always --dirty` of the source
// tree, the commit a `git archive` tarball was made from, the packager's
// EMBER_COMMIT, or "unknown" (cmake/EmberCommit.cmake). It is worked out at
// every build into the ember_version library, which only the executables
// that print it link: a new commit relinks them and nothing else.
std::string_view commit();

// What --version prints: "PROGRAM VERSION (commit COMMIT)".
std::string version_line(std::string_view program);

}  // namespace ember
