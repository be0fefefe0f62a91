// --url, --token, --json and their environment variables.
#include "cli/server_options.hpp"

#include <cstdlib>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace ember::cli {
namespace {

std::string from_environment(const std::string& flag, const char* variable,
                             std::string_view fallback) {
    if (!flag.empty()) return flag;
    const char* value = std::getenv(variable);
    return value != nullptr && *value != '\0' ? value : std::string(fallback);
}

}  // namespace

void add_server_options(CLI::App& command, ServerOptions& options) {
    command.add_option(
        "--url", options.url,
        "emberd's address (default: $EMBER_URL, else " + std::string(default_url) + ")");
    command.add_option("--token", options.token,
                       "bearer token (default: $EMBER_TOKEN; one on the command line shows in ps)");
    command.add_flag("--json", options.json, "print JSON for scripts instead of a table");
}

Server resolve_server(const ServerOptions& options) {
    Server server;
    server.text = from_environment(options.url, "EMBER_URL", default_url);
    server.token = from_environment(options.token, "EMBER_TOKEN", "");
    try {
        server.url = parse_url(server.text);
    } catch (const std::invalid_argument& e) {
        throw UsageError{e.what()};
    }
    if (server.url.target.find('?') != std::string::npos)
        throw UsageError{"URL '" + server.text + "': a server URL has no query"};
    server.prefix = server.url.target;
    while (!server.prefix.empty() && server.prefix.back() == '/')
        server.prefix.pop_back();
    return server;
}

}  // namespace ember::cli
