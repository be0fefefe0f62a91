// Running the tools a packager runs (cmake, cpack, dpkg-deb, systemd-analyze)
// and the installed programs from a test, through the shell.
#pragma once

#include <filesystem>
#include <string>

namespace ember::packaging::test {

struct CommandResult {
    int status;          // the exit status; -1 when killed by a signal
    std::string output;  // standard output
    std::string errors;  // standard error
};

// Runs `command` with /bin/sh; the command is trusted test text, its
// arguments quoted with quoted().
CommandResult run_command(const std::string& command);

// `text` as one shell word.
std::string quoted(const std::string& text);
std::string quoted(const std::filesystem::path& path);

// Whether `program` is found on PATH.
bool has_program(const std::string& program);

}  // namespace ember::packaging::test
