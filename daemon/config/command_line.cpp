// parse_command_line: emberd's options, parsed by hand (there are four).
#include "daemon/config/command_line.hpp"

#include <array>
#include <span>
#include <string_view>

namespace ember::daemon {

namespace {

constexpr std::array<std::string_view, 4> value_options = {"--config", "--listen", "--data-dir",
                                                           "--log-level"};

bool is_value_option(std::string_view option) {
    for (std::string_view known : value_options) {
        if (option == known) return true;
    }
    return false;
}

// Each option may appear once: a repeat is more likely a mistake than an
// intentional override.
template <typename T>
void set_once(std::optional<T>& slot, std::string_view option, std::string_view value) {
    if (slot) throw UsageError(std::string(option) + " given twice");
    if (value.empty()) throw UsageError(std::string(option) + " needs a value");
    slot = T(std::string(value));
}

void set_option(CommandLine& line, std::string_view option, std::string_view value) {
    if (option == "--config") set_once(line.config_file, option, value);
    if (option == "--listen") set_once(line.listen, option, value);
    if (option == "--data-dir") set_once(line.data_dir, option, value);
    if (option == "--log-level") set_once(line.log_level, option, value);
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
    CommandLine line;
    std::span<const char* const> args(argv, static_cast<std::size_t>(argc));
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            line.help = true;
            continue;
        }
        if (arg == "--version") {
            line.version = true;
            continue;
        }
        if (arg == "--allow-unauthenticated") {
            line.allow_unauthenticated = true;
            continue;
        }
        if (!arg.starts_with("--")) {
            throw UsageError("unexpected argument '" + std::string(arg) + "'");
        }
        std::size_t equals = arg.find('=');
        std::string_view option = arg.substr(0, equals);
        if (!is_value_option(option)) {
            throw UsageError("unknown option '" + std::string(option) + "'");
        }
        if (equals != std::string_view::npos) {
            set_option(line, option, arg.substr(equals + 1));
        } else if (i + 1 < args.size()) {
            set_option(line, option, args[++i]);
        } else {
            throw UsageError(std::string(option) + " needs a value");
        }
    }
    return line;
}

std::string usage_text(std::string_view program) {
    std::string text = "usage: " + std::string(program) + " [options]\n";
    text +=
        "Runs the Ember daemon: serverless functions in KVM micro-VMs behind a REST API.\n"
        "\n"
        "  --config FILE        read the configuration from FILE (JSON, see config/README.md);\n"
        "                       without it the built-in defaults apply\n"
        "  --listen HOST:PORT   address to serve HTTP on (default 127.0.0.1:8080)\n"
        "  --data-dir DIR       where functions are stored (default /var/lib/ember)\n"
        "  --log-level LEVEL    trace, debug, info, warn or error (default info)\n"
        "  --allow-unauthenticated\n"
        "                       serve a non-loopback address without auth tokens: anyone\n"
        "                       who reaches it may deploy and run code\n"
        "  --version            print the version and commit and exit\n"
        "  -h, --help           print this help and exit\n"
        "\n"
        "Command-line options override the same settings in the config file.\n";
    return text;
}

}  // namespace ember::daemon
