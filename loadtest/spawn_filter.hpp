// Runs a program as a filter, the way classic CGI does: a new process per
// call, the input on its stdin, its stdout as the output.
#pragma once

#include <string>
#include <string_view>

namespace ember::loadtest {

struct FilterResult {
    int exit_code = 0;  // -1 when the program did not exit normally
    std::string output;
};

// posix_spawn()s `program` (a path, no arguments), feeds it `input` while
// reading its output (so neither side can fill a pipe and stall), and waits
// for it. Thread-safe. Throws std::system_error when a system call fails.
// The caller should ignore SIGPIPE: a program may exit without reading.
FilterResult run_filter(const std::string& program, std::string_view input);

}  // namespace ember::loadtest
