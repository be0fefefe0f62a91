// The `ember` commands. Each add_*_command() adds one subcommand to the app,
// with its arguments and --help; once CLI11 has parsed a command line, the
// chosen subcommand sets `action`, which main runs (cli/command.hpp).
#pragma once

#include "cli/command.hpp"

namespace CLI {
class App;
}

namespace ember::cli {

void add_exec_command(CLI::App& app, Action& action);
void add_deploy_command(CLI::App& app, Action& action);
void add_invoke_command(CLI::App& app, Action& action);
void add_list_command(CLI::App& app, Action& action);
void add_describe_command(CLI::App& app, Action& action);
void add_remove_command(CLI::App& app, Action& action);
void add_versions_command(CLI::App& app, Action& action);
void add_rollback_command(CLI::App& app, Action& action);
void add_env_command(CLI::App& app, Action& action);
void add_logs_command(CLI::App& app, Action& action);
void add_invocation_command(CLI::App& app, Action& action);
void add_metrics_command(CLI::App& app, Action& action);

}  // namespace ember::cli
