// `ember rollback NAME VERSION`: makes a stored version the active one, back
// or forward, with the guarantees of a deploy (no call fails in the switch).
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "base/printable.hpp"
#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct RollbackOptions {
    ServerOptions server;
    std::string name;
    std::uint64_t version = 0;
};

int rollback(const RollbackOptions& o) {
    const nlohmann::json reply = ApiClient(resolve_server(o.server)).activate(o.name, o.version);
    if (o.server.json) {
        if (!reply.is_null()) print_json(reply);
    } else {
        std::cout << printable(o.name) << ": version " << o.version << " is active\n";
    }
    return exit_status::ok;
}

}  // namespace

void add_rollback_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<RollbackOptions>();
    CLI::App* command =
        app.add_subcommand("rollback", "Make a stored version the active one, back or forward");
    command->add_option("NAME", o->name, "the function")->required();
    command->add_option("VERSION", o->version, "the version to serve from now on")
        ->required()
        ->check(CLI::PositiveNumber);
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return rollback(*o); }; });
}

}  // namespace ember::cli
