// `ember invocation ID`: the record of one call: what ran, how it ended, its
// timings and log lines, and an async call's result; or, with --result, an
// async call's reply printed as `ember invoke` prints one.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/api_client.hpp"
#include "cli/call_reply.hpp"
#include "cli/commands.hpp"
#include "cli/invocation_text.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct InvocationOptions {
    ServerOptions server;
    std::string id;
    bool result = false;
};

int invocation(const InvocationOptions& o) {
    const ApiClient api(resolve_server(o.server));
    if (o.result) return print_call_reply(api.invocation_result(o.id));
    const nlohmann::json record = api.invocation(o.id);
    if (o.server.json)
        print_json(record);
    else
        std::cout << invocation_details(record);
    return exit_status::ok;
}

}  // namespace

void add_invocation_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<InvocationOptions>();
    CLI::App* command =
        app.add_subcommand("invocation", "Show one call's outcome, timings, log lines and result");
    command->footer(
        "The id is in the X-Ember-Invocation-Id of a reply, and comes from ember invoke --async "
        "or -v, from error messages and from ember logs. Records of old calls are evicted.");
    command->add_option("ID", o->id, "the invocation id")->required();
    command->add_flag("--result", o->result,
                      "print an async call's reply as ember invoke would have: the body as it is, "
                      "the exit status saying whether the function failed");
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return invocation(*o); }; });
}

}  // namespace ember::cli
