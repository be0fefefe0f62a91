// The `ember` command-line client.
#include <cstdio>
#include <string_view>
#include <vector>

#include "base/version.hpp"
#include "cli/exec_command.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "exec") {
        return ember::cli::exec_command(std::span(args).subspan(1));
    }
    if (!args.empty() && args[0] == "--version") {
        std::puts(ember::version_line("ember").c_str());
        return 0;
    }
    std::fputs(
        "usage: ember COMMAND ...\n"
        "commands:\n"
        "  exec GUEST.elf [options]   run one call of a guest locally (ember exec --help)\n"
        "  --version                  print the version and commit\n",
        stderr);
    return 2;
}
