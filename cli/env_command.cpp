// `ember env NAME [KEY=VALUE ...] [--secret KEY=VALUE] [--secret-file KEY=PATH]`:
// replaces the function's env as a whole, which makes a new version.
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/printable.hpp"
#include "base/read_file.hpp"
#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"

namespace ember::cli {
namespace {

struct EnvOptions {
    ServerOptions server;
    std::string name;
    std::vector<std::string> values;
    std::vector<std::string> secrets;
    std::vector<std::string> secret_files;
};

struct Assignment {
    std::string key;
    std::string value;
};

// The key is checked by emberd, which names the rule; the message never
// quotes what follows '=' (it may be a secret).
Assignment split_assignment(std::string_view text, std::string_view what) {
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        throw UsageError{std::string(what) + " '" + printable(text.substr(0, equals)) +
                         "' is not KEY=VALUE"};
    }
    return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

// A secret file's content, less one trailing newline (editors add one).
std::string secret_file_content(const std::string& path) {
    const std::vector<std::byte> bytes = read_file(path);
    std::string content(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (content.ends_with('\n')) content.pop_back();
    return content;
}

nlohmann::json env_body(const EnvOptions& o) {
    nlohmann::json values = nlohmann::json::object();
    nlohmann::json secrets = nlohmann::json::object();
    for (const std::string& text : o.values) {
        Assignment a = split_assignment(text, "value");
        values[a.key] = std::move(a.value);
    }
    for (const std::string& text : o.secrets) {
        Assignment a = split_assignment(text, "--secret");
        secrets[a.key] = std::move(a.value);
    }
    for (const std::string& text : o.secret_files) {
        const Assignment a = split_assignment(text, "--secret-file");
        secrets[a.key] = secret_file_content(a.value);
    }
    return {{"values", std::move(values)}, {"secrets", std::move(secrets)}};
}

int set_env(const EnvOptions& o) {
    const nlohmann::json body = env_body(o);
    const nlohmann::json d = ApiClient(resolve_server(o.server)).set_env(o.name, body);
    if (o.server.json) {
        print_json(d);
    } else {
        std::cout << printable(field_text(d, "name")) << ": version " << field_text(d, "version")
                  << " serves an env of " << body["values"].size() << " values and "
                  << body["secrets"].size() << " secrets\n";
    }
    return exit_status::ok;
}

}  // namespace

void add_env_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<EnvOptions>();
    CLI::App* command =
        app.add_subcommand("env", "Replace a function's env (its values and secrets)");
    command->footer(
        "The env is replaced as a whole: what is not given is gone, and `ember env NAME` "
        "alone clears it. emberd serves it with a new version of the function, booted like a "
        "deploy; the guest reads it with ember_config_get. A command line is visible to the "
        "machine's other users: give secrets with --secret-file.");
    command->add_option("NAME", o->name, "the function")->required();
    command->add_option("VALUES", o->values, "KEY=VALUE, plain values");
    // One KEY=VALUE per flag, so that plain values may follow it.
    command->add_option("--secret", o->secrets, "KEY=VALUE, stored as a secret")
        ->allow_extra_args(false);
    command
        ->add_option("--secret-file", o->secret_files,
                     "KEY=PATH, a secret read from a file (one trailing newline dropped)")
        ->allow_extra_args(false);
    add_server_options(*command, o->server);
    command->callback([o, &action] { action = [o] { return set_env(*o); }; });
}

}  // namespace ember::cli
