// `ember deploy NAME GUEST [options]`: uploads a guest binary (an ELF built
// with the SDK, or a WebAssembly module) as the function's new version, with
// the configuration the flags give.
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/printable.hpp"
#include "base/read_file.hpp"
#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct DeployOptions {
    ServerOptions server;
    std::string name;
    std::string guest;
    // Unset ones come from the daemon's function_defaults; the daemon checks
    // the ranges (config/README.md), so that they are written down once.
    std::optional<std::uint64_t> memory_mb;
    std::optional<std::uint64_t> timeout_ms;
    std::optional<std::uint64_t> pool_min;
    std::optional<std::uint64_t> pool_max;
    std::optional<std::uint64_t> max_queue;
    std::optional<std::string> host_functions;
    std::optional<std::string> kv_store;
    std::optional<std::string> allowed_hosts;
};

QueryParams config_query(const DeployOptions& o) {
    QueryParams query;
    const auto number = [&](const char* name, const std::optional<std::uint64_t>& value) {
        if (value) query.emplace_back(name, std::to_string(*value));
    };
    number("memory_mb", o.memory_mb);
    number("timeout_ms", o.timeout_ms);
    number("pool_min", o.pool_min);
    number("pool_max", o.pool_max);
    number("max_queue", o.max_queue);
    if (o.host_functions) query.emplace_back("host_functions", *o.host_functions);
    if (o.kv_store) query.emplace_back("kv_store", *o.kv_store);
    if (o.allowed_hosts) query.emplace_back("allowed_hosts", *o.allowed_hosts);
    return query;
}

int deploy(const DeployOptions& o) {
    const ApiClient api(resolve_server(o.server));
    const std::vector<std::byte> bytes = read_file(o.guest);
    std::string binary(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const nlohmann::json description = api.deploy(o.name, std::move(binary), config_query(o));
    if (o.server.json) {
        print_json(description);
    } else {
        std::cout << "deployed " << printable(field_text(description, "name")) << " version "
                  << field_text(description, "version") << " (sha256 "
                  << short_sha256(field_text(description, "sha256")) << ", "
                  << field_text(description, "size_bytes") << " bytes; handlers "
                  << printable(field_text(description, "handlers")) << ")\n";
    }
    return exit_status::ok;
}

}  // namespace

void add_deploy_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<DeployOptions>();
    CLI::App* command =
        app.add_subcommand("deploy", "Upload a guest binary as a function's new version");
    command->footer(
        "The call returns once the new version serves; until then the previous one does. "
        "Options not given come from emberd's function_defaults.");
    command->add_option("NAME", o->name, "the function's name")->required();
    command
        ->add_option("GUEST", o->guest, "the guest: an ELF built with the SDK, or a .wasm module")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--memory-mb", o->memory_mb, "guest memory in MiB")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--timeout-ms", o->timeout_ms, "the longest one call may take")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--pool-min", o->pool_min, "sandboxes kept warm")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--pool-max", o->pool_max, "sandboxes at most")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--max-queue", o->max_queue, "calls that may wait for a sandbox")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--host-functions", o->host_functions,
                        "the host functions the guest may call, as in log,clock,kv_get; \"\" for "
                        "none");
    command->add_option("--kv-store", o->kv_store,
                        "a key-value store shared by name; \"\" for the function's own");
    command->add_option("--allowed-hosts", o->allowed_hosts,
                        "the hosts http_fetch may reach, as in api.example.com,10.0.0.5:8080; "
                        "\"\" for none");
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return deploy(*o); }; });
}

}  // namespace ember::cli
