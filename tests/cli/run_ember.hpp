// The real `ember` binary (EMBER_BIN_DIR/ember) run as a user runs it: its
// arguments, environment and standard input in; its exit status, standard
// output and standard error out.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ember::cli::test {

struct EmberRun {
    int status = -1;  // the exit status, or 128 + N after a death by signal N
    std::string out;
    std::string err;
};

using Environment = std::vector<std::pair<std::string, std::string>>;

// Runs `ember ARGS...` with the test's environment minus EMBER_URL and
// EMBER_TOKEN, plus `env`. FAILs when it has not exited after a minute
// (a hung client, not a slow one: every run here takes milliseconds).
EmberRun run_ember(const std::vector<std::string>& args, const std::string& stdin_text = "",
                   const Environment& env = {});

}  // namespace ember::cli::test
