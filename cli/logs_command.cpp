// `ember logs NAME [--limit N]`: the newest calls of a function with the log
// lines each one wrote, oldest first, so that the newest is at the bottom.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/invocation_text.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct LogsOptions {
    ServerOptions server;
    std::string name;
    std::uint64_t limit = 20;
};

int logs(const LogsOptions& o) {
    const nlohmann::json reply = ApiClient(resolve_server(o.server)).invocations(o.name, o.limit);
    if (o.server.json) {
        print_json(reply);
        return exit_status::ok;
    }
    // The server lists the newest first.
    std::vector<const nlohmann::json*> records;
    for (const nlohmann::json& record : field(reply, "invocations"))
        records.push_back(&record);
    for (auto it = records.rbegin(); it != records.rend(); ++it)
        std::cout << invocation_summary(**it) << "\n" << invocation_logs(**it, "  ");
    return exit_status::ok;
}

}  // namespace

void add_logs_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<LogsOptions>();
    CLI::App* command =
        app.add_subcommand("logs", "Show a function's newest calls and the log lines they wrote");
    command->add_option("NAME", o->name, "the function")->required();
    command->add_option("--limit", o->limit, "how many calls")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000}));
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return logs(*o); }; });
}

}  // namespace ember::cli
