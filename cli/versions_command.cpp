// `ember versions NAME`: every stored version of a function, and which one
// is active.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace ember::cli {
namespace {

struct VersionsOptions {
    ServerOptions server;
    std::string name;
};

int versions(const VersionsOptions& o) {
    const nlohmann::json reply = ApiClient(resolve_server(o.server)).versions(o.name);
    if (o.server.json) {
        print_json(reply);
        return exit_status::ok;
    }
    Table table({"VERSION", "ACTIVE", "CREATED", "SIZE", "SHA256", "MEMORY_MB", "TIMEOUT_MS"});
    for (const nlohmann::json& v : field(reply, "versions")) {
        const nlohmann::json& config = field(v, "config");
        table.add_row({field_text(v, "version"), field(v, "active") == true ? "*" : "",
                       field_text(v, "created_at"), field_text(v, "size_bytes"),
                       short_sha256(field_text(v, "sha256")), field_text(config, "memory_mb"),
                       field_text(config, "timeout_ms")});
    }
    std::cout << table.render();
    return exit_status::ok;
}

}  // namespace

void add_versions_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<VersionsOptions>();
    CLI::App* command =
        app.add_subcommand("versions", "List a function's stored versions; * marks the active one");
    command->add_option("NAME", o->name, "the function")->required();
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return versions(*o); }; });
}

}  // namespace ember::cli
