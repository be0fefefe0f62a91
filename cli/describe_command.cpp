// `ember describe NAME`: one function's active version, configuration, pool
// and counters.
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

struct DescribeOptions {
    ServerOptions server;
    std::string name;
};

std::string handlers_text(const nlohmann::json& d) {
    const nlohmann::json& handlers = field(d, "handlers");
    const std::string default_handler = field_text(d, "default_handler");
    if (!handlers.is_array()) return "-";
    std::string out;
    for (const nlohmann::json& handler : handlers) {
        const std::string name = to_text(handler);
        out += (out.empty() ? "" : ", ") + name + (name == default_handler ? " (default)" : "");
    }
    return out.empty() ? "-" : out;
}

// The env's names, secrets marked; their values only --json shows.
std::string env_text(const nlohmann::json& env) {
    std::string out;
    const nlohmann::json& values = field(env, "values");
    if (values.is_object()) {
        for (const auto& [name, value] : values.items())
            out += (out.empty() ? "" : ", ") + name;
    }
    const nlohmann::json& secrets = field(env, "secrets");
    if (secrets.is_array()) {
        for (const nlohmann::json& name : secrets)
            out += (out.empty() ? "" : ", ") + to_text(name) + " (secret)";
    }
    return out.empty() ? "-" : out;
}

int describe(const DescribeOptions& o) {
    const nlohmann::json d = ApiClient(resolve_server(o.server)).describe(o.name);
    if (o.server.json) {
        print_json(d);
        return exit_status::ok;
    }
    const nlohmann::json& config = field(d, "config");
    const nlohmann::json& pool = field(d, "pool");
    const nlohmann::json& stats = field(d, "stats");
    Table table;
    table.add_row({"name", field_text(d, "name")});
    table.add_row({"version", field_text(d, "version")});
    table.add_row({"created", field_text(d, "created_at")});
    table.add_row({"sha256", field_text(d, "sha256")});
    table.add_row({"size", field_text(d, "size_bytes") + " bytes"});
    table.add_row({"handlers", handlers_text(d)});
    table.add_row({"memory", field_text(config, "memory_mb") + " MiB"});
    table.add_row({"timeout", field_text(config, "timeout_ms") + " ms"});
    table.add_row({"pool", "min " + field_text(config, "pool_min") + ", max " +
                               field_text(config, "pool_max") + ", queue " +
                               field_text(config, "max_queue")});
    table.add_row({"host functions", field_text(config, "host_functions")});
    const std::string kv_store = field_text(config, "kv_store");
    table.add_row({"kv store", kv_store.empty() ? "its own" : kv_store});
    table.add_row({"allowed hosts", field_text(config, "allowed_hosts")});
    table.add_row({"env", env_text(field(d, "env"))});
    table.add_row({"sandboxes", field_text(pool, "ready") + " ready, " + field_text(pool, "busy") +
                                    " busy, " + field_text(pool, "queued") + " calls queued"});
    table.add_row({"invocations", field_text(stats, "invocations") + " (" +
                                      field_text(stats, "errors") + " errors, " +
                                      field_text(stats, "cold_starts") + " cold starts)"});
    std::cout << table.render();
    return exit_status::ok;
}

}  // namespace

void add_describe_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<DescribeOptions>();
    CLI::App* command = app.add_subcommand(
        "describe", "Show a function's version, configuration, pool and counters");
    command->add_option("NAME", o->name, "the function")->required();
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return describe(*o); }; });
}

}  // namespace ember::cli
