// `ember invoke NAME [options]`: calls a function with the input from a flag,
// a file or standard input, and writes its reply's body to standard output
// unchanged; or, with --async, starts the call and prints its id.
#include <unistd.h>

#include <cstdint>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/printable.hpp"
#include "base/read_file.hpp"
#include "cli/api_client.hpp"
#include "cli/call_reply.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct InvokeOptions {
    ServerOptions server;
    std::string name;
    std::optional<std::string> handler;
    std::optional<std::uint64_t> version;
    std::optional<std::string> data;
    std::optional<std::string> data_file;
    bool async = false;
    bool verbose = false;
};

std::string read_input(const InvokeOptions& o) {
    if (o.data) return *o.data;
    if (o.data_file) {
        const std::vector<std::byte> bytes = read_file(*o.data_file);
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }
    if (::isatty(STDIN_FILENO) == 1)
        std::cerr << "ember: reading the input from the terminal; end it with Ctrl-D\n";
    return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

// The call's headers (docs/api.md), for --verbose.
void print_call_headers(const HttpReply& reply) {
    const auto show = [&](const char* label, const char* header) {
        if (const std::string* value = reply.header(header))
            std::cerr << "ember: " << label << " " << printable(*value) << "\n";
    };
    std::cerr << "ember: HTTP " << reply.status << "\n";
    show("invocation", "x-ember-invocation-id");
    show("traceparent", "traceparent");
    show("version", "x-ember-version");
    show("cold start", "x-ember-cold-start");
    show("in sandbox (us)", "x-ember-duration-us");
    show("server timing", "server-timing");
}

// 202 Accepted and Location: /v1/invocations/{id} (docs/api.md).
int print_accepted(const HttpReply& reply, bool json) {
    const std::string* location = reply.header("location");
    if (location == nullptr)
        throw std::runtime_error("emberd accepted the call without a Location");
    const std::string id = location->substr(location->rfind('/') + 1);
    if (json)
        print_json({{"id", id}, {"location", *location}});
    else
        std::cout << printable(id) << "\n";
    return exit_status::ok;
}

int invoke(const InvokeOptions& o) {
    const ApiClient api(resolve_server(o.server));
    const HttpReply reply = api.invoke(o.name, {read_input(o), o.handler, o.version, o.async});
    if (o.verbose) print_call_headers(reply);
    if (o.async && reply.status == 202) return print_accepted(reply, o.server.json);
    return print_call_reply(reply);
}

}  // namespace

void add_invoke_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<InvokeOptions>();
    CLI::App* command = app.add_subcommand("invoke", "Call a function and print its reply");
    command->footer(
        "The input comes from --data, --data-file or else standard input; the reply's body goes "
        "to standard output unchanged. Exit status: 0 done, 1 emberd answered an error (the call "
        "failed, timed out, ...), 4 the function replied with a status of 400 or above.");
    command->add_option("NAME", o->name, "the function")->required();
    command->add_option("--handler", o->handler, "the handler to call (default: the default one)");
    command
        ->add_option("--version", o->version, "run this stored version instead of the active one")
        ->check(CLI::PositiveNumber);
    CLI::Option* data = command->add_option("--data", o->data, "the input");
    command->add_option("--data-file", o->data_file, "read the input from this file")
        ->check(CLI::ExistingFile)
        ->excludes(data);
    command->add_flag("--async", o->async,
                      "start the call and print its id; `ember invocation ID` shows it later");
    command->add_flag(
        "-v,--verbose", o->verbose,
        "print the call's invocation id, trace, version, cold start and timings to stderr");
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return invoke(*o); }; });
}

}  // namespace ember::cli
