// emberd's command line: which config file to read and the few settings an
// operator overrides most often. Parsing only; daemon_config applies them.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace ember::daemon {

struct CommandLine {
    std::optional<std::filesystem::path> config_file;  // --config FILE
    std::optional<std::string> listen;                 // --listen HOST:PORT
    std::optional<std::filesystem::path> data_dir;     // --data-dir DIR
    std::optional<std::string> log_level;              // --log-level LEVEL
    bool help = false;                                 // --help / -h: print usage, exit 0
    bool version = false;                              // --version: print it, exit 0
    bool allow_unauthenticated = false;                // --allow-unauthenticated
};

// A command line that cannot be understood; main prints it with usage_text()
// and exits with status 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Accepts "--option VALUE" and "--option=VALUE". Values are checked later
// (apply_overrides) with the same rules as the config file. Throws UsageError
// for unknown options, missing values, positional arguments and repeats.
CommandLine parse_command_line(int argc, const char* const* argv);

// The --help text, naming `program`.
std::string usage_text(std::string_view program);

}  // namespace ember::daemon
