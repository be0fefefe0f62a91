// `ember rm NAME`: removes a function with every stored version.
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

struct RemoveOptions {
    ServerOptions server;
    std::string name;
};

int remove(const RemoveOptions& o) {
    ApiClient(resolve_server(o.server)).remove(o.name);
    if (o.server.json)
        print_json({{"removed", o.name}});
    else
        std::cout << "removed " << printable(o.name) << "\n";
    return exit_status::ok;
}

}  // namespace

void add_remove_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<RemoveOptions>();
    CLI::App* command = app.add_subcommand("rm", "Remove a function with every stored version");
    command->add_option("NAME", o->name, "the function")->required();
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return remove(*o); }; });
}

}  // namespace ember::cli
