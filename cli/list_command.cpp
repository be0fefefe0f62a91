// `ember ls`: the deployed functions, one row each.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace ember::cli {
namespace {

int list(const ServerOptions& o) {
    const nlohmann::json reply = ApiClient(resolve_server(o)).list_functions();
    if (o.json) {
        print_json(reply);
        return exit_status::ok;
    }
    Table table({"NAME", "VERSION", "HANDLERS", "MEMORY_MB", "READY", "BUSY", "QUEUED",
                 "INVOCATIONS", "ERRORS", "CREATED"});
    for (const nlohmann::json& f : field(reply, "functions")) {
        const nlohmann::json& pool = field(f, "pool");
        const nlohmann::json& stats = field(f, "stats");
        table.add_row({field_text(f, "name"), field_text(f, "version"), field_text(f, "handlers"),
                       field_text(field(f, "config"), "memory_mb"), field_text(pool, "ready"),
                       field_text(pool, "busy"), field_text(pool, "queued"),
                       field_text(stats, "invocations"), field_text(stats, "errors"),
                       field_text(f, "created_at")});
    }
    std::cout << table.render();
    return exit_status::ok;
}

}  // namespace

void add_list_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<ServerOptions>();
    CLI::App* command = app.add_subcommand("ls", "List the deployed functions");
    add_server_options(*command, *o);
    command->callback([o, &action] { action = [o] { return list(*o); }; });
}

}  // namespace ember::cli
