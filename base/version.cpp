// version_line: the one line of --version.
#include "base/version.hpp"

namespace ember {

std::string version_line(std::string_view program) {
    return std::string(program) + " " + std::string(version) + " (commit " + std::string(commit()) +
           ")";
}

}  // namespace ember
