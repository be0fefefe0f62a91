// Which emberd a command talks to and how it prints: --url, --token and
// --json on every command that asks the server, with EMBER_URL and
// EMBER_TOKEN, then the daemon's default address, behind the flags.
#pragma once

#include <string>
#include <string_view>

#include "base/url.hpp"

namespace CLI {
class App;
}

namespace ember::cli {

// emberd's default `listen` (config/README.md).
inline constexpr std::string_view default_url = "http://127.0.0.1:8080";

struct ServerOptions {
    std::string url;    // empty: EMBER_URL, else default_url
    std::string token;  // empty: EMBER_TOKEN, else no Authorization header
    bool json = false;  // JSON for scripts instead of tables for people
};

void add_server_options(CLI::App& command, ServerOptions& options);

// The server as the commands use it, checked once.
struct Server {
    std::string text;    // the URL as given, for messages
    Url url;             // host, port and path prefix
    std::string prefix;  // the URL's path without a trailing '/': "" or "/ember"
    std::string token;
};

// Flags over environment over the default. Throws UsageError for a URL that
// is not http://HOST[:PORT][/PREFIX] (no query, no fragment).
Server resolve_server(const ServerOptions& options);

}  // namespace ember::cli
