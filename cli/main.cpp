// The `ember` command-line client.
#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/exec_command.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "exec") {
        return ember::cli::exec_command(std::span(args).subspan(1));
    }
    std::fputs(
        "usage: ember COMMAND ...\n"
        "commands:\n"
        "  exec GUEST.elf [options]   run one call of a guest locally (ember exec --help)\n",
        stderr);
    return 2;
}
