// `ember`, the command-line client: the commands, the parsing of their
// arguments, and one place that turns failures into messages and exit
// statuses (docs/cli.md).
#include <iostream>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "base/version.hpp"
#include "cli/commands.hpp"
#include "cli/http_client.hpp"
#include "cli/server_error.hpp"

namespace {

using namespace ember::cli;

constexpr const char* usage_hint = "\nRun 'ember --help' or 'ember COMMAND --help'.\n";

bool is_command(const CLI::App& app, const std::string& name) {
    try {
        app.get_subcommand(name);
        return true;
    } catch (const CLI::OptionNotFound&) {
        return false;
    }
}

int run(const Action& action) {
    try {
        return action();
    } catch (const UsageError& e) {
        std::cerr << "ember: " << e.message << "\n";
        return exit_status::usage;
    } catch (const ConnectionError& e) {
        std::cerr << "ember: " << e.what() << "\n";
        return exit_status::unreachable;
    } catch (const std::system_error& e) {  // a local file
        std::cerr << "ember: " << e.what() << "\n";
        return exit_status::unreachable;
    } catch (const std::exception& e) {  // ServerError, an unreadable answer
        std::cerr << "ember: " << e.what() << "\n";
        return exit_status::server_error;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app(
        "The Ember client: deploy, call and inspect functions on emberd, or run a "
        "guest locally (ember exec).",
        "ember");
    app.require_subcommand(1);
    app.set_version_flag("--version", ember::version_line("ember"), "print the version and commit");
    app.footer(
        "Run 'ember COMMAND --help' for a command's options; docs/cli.md describes them all.");
    Action action;
    add_deploy_command(app, action);
    add_invoke_command(app, action);
    add_list_command(app, action);
    add_describe_command(app, action);
    add_remove_command(app, action);
    add_versions_command(app, action);
    add_rollback_command(app, action);
    add_env_command(app, action);
    add_logs_command(app, action);
    add_invocation_command(app, action);
    add_metrics_command(app, action);
    add_exec_command(app, action);
    if (argc == 1) {
        std::cerr << app.help();
        return exit_status::usage;
    }
    // CLI11 would only say that a command is missing.
    if (argv[1][0] != '-' && !is_command(app, argv[1])) {
        std::cerr << "ember: there is no command '" << argv[1] << "'" << usage_hint;
        return exit_status::usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "ember: " << e.what() << usage_hint;
        return exit_status::usage;
    }
    return run(action);
}
