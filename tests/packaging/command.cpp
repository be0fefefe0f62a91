// run_command: popen for standard output, a scratch file for standard error.
#include "tests/packaging/command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/scratch_dir.hpp"

namespace ember::packaging::test {

CommandResult run_command(const std::string& command) {
    const daemon::test::ScratchDir dir;
    const std::filesystem::path errors = dir.path() / "stderr";
    const std::string redirected = "(" + command + ") 2>" + quoted(errors);
    FILE* pipe = ::popen(redirected.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed for: " + command);
    CommandResult result{-1, {}, {}};
    std::array<char, 4096> chunk;
    std::size_t got = 0;
    while ((got = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
        result.output.append(chunk.data(), got);
    const int raw = ::pclose(pipe);
    if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
    std::ifstream in(errors);
    std::stringstream text;
    text << in.rdbuf();
    result.errors = text.str();
    return result;
}

std::string quoted(const std::string& text) {
    std::string word = "'";
    for (char c : text) {
        if (c == '\'')
            word += "'\\''";
        else
            word += c;
    }
    return word + "'";
}

std::string quoted(const std::filesystem::path& path) {
    return quoted(path.string());
}

bool has_program(const std::string& program) {
    return run_command("command -v " + quoted(program)).status == 0;
}

}  // namespace ember::packaging::test
