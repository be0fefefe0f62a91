// The HTTP request path in process, without a socket: the bytes a client
// sends go through Beast's parser with the limits the session sets
// (http/session.cpp: the head within max_header_bytes, then the body within
// its route's limit), make_head, the router, authorisation with and without
// tokens, and what the deploy and invoke handlers read from a head (query
// parameters, trace context). Pipelined requests follow one another as on a
// kept-alive connection. The handlers themselves, behind a registry, are not
// reached. Beyond not crashing: a head has a path and lower-case header
// names; a route names a valid function or invocation; probes are always
// allowed, and everything else only to whom docs/api.md allows it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/api/auth.hpp"
#include "daemon/api/routes.hpp"
#include "daemon/api/trace_context.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/config/function_config.hpp"
#include "daemon/config/function_name.hpp"
#include "daemon/records/invocation_id.hpp"
#include "fuzz_check.hpp"
#include "http/beast_message.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::daemon {
namespace {

namespace bhttp = boost::beast::http;
using fuzz::check;

// The daemon's defaults (config/README.md).
const DaemonConfig defaults;
constexpr std::size_t small_body_limit = 64 * 1024;  // api_handler.cpp's, for other routes
constexpr int max_pipelined = 4;

std::size_t body_limit(const Route& route) {
    if (route.action == Action::deploy) return defaults.max_body_bytes;
    if (route.action == Action::invoke) return defaults.max_input_bytes;
    return small_body_limit;
}

void check_head(const http::Request& head, std::string_view target) {
    check(head.path.starts_with('/'), "a head's path starts with '/'");
    check(head.target == target && target.starts_with(head.path),
          "a head's path is its target's beginning");
    for (const auto& [name, value] : head.headers) {
        check(std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }),
              "header names are lower-case");
    }
}

void check_route(const Route& found, std::string_view method) {
    const auto table = route_table();
    check(std::any_of(table.begin(), table.end(),
                      [&](const RouteSpec& spec) {
                          return spec.action == found.action && spec.method == method;
                      }),
          "a route is one of the table's, for its method");
    if (!found.name.empty()) {
        check(valid_function_name(found.name), "a routed function name is valid");
    }
    if (!found.id.empty()) {
        check(InvocationId::parse(found.id).has_value(), "a routed invocation id is valid");
    }
}

void check_authorization(const Route& found, const http::Request& head) {
    const bool probe = found.action == Action::healthz || found.action == Action::readyz;
    AuthConfig open;
    const auto open_denied = authorize(open, found.action, head);
    if (probe) check(!open_denied, "probes are open to all");
    const std::string* host = head.header("host");
    if (!probe && (head.header("origin") || !host || !is_loopback_host(*host))) {
        check(open_denied.has_value(), "without tokens, only this machine's requests pass");
    }
    AuthConfig tokens{.admin_tokens = {"admin"}, .invoke_tokens = {"invoker"}};
    const auto denied = authorize(tokens, found.action, head);
    const std::string* authorization = head.header("authorization");
    const bool admin = authorization && *authorization == "Bearer admin";
    const bool invoker = authorization && *authorization == "Bearer invoker";
    const bool allowed = probe || found.action == Action::metrics || admin ||
                         (invoker && is_invoke_action(found.action));
    check(denied.has_value() != allowed, "with tokens, exactly the documented requests pass");
}

// What the deploy and invoke handlers read from a head before anything else.
void read_as_handler(const Route& found, const http::Request& head) {
    if (found.action == Action::deploy) {
        const std::map<std::string, std::string> parameters(head.query.begin(), head.query.end());
        try {
            apply_query_parameters(parameters, defaults.function_defaults,
                                   sandbox::HostFunctions::builtin().names());
        } catch (const ConfigError&) {
        }
    } else if (found.action == Action::invoke) {
        const auto context = TraceContext::for_request(head.headers);
        check(parse_traceparent(context.traceparent()).has_value(),
              "a call's traceparent is valid");
    }
}

// One request from the front of `input`, as the session reads it; false when
// the connection would not go on to another request.
bool one_request(std::string_view& input) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    parser.header_limit(static_cast<std::uint32_t>(defaults.max_header_bytes));
    boost::beast::error_code ec;
    const std::size_t head_bytes = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
    if (ec || !parser.is_header_done()) return false;
    // 431: parsing a head in one go, Beast holds the request line and the
    // fields each to the limit; the session holds the two together.
    if (head_bytes > defaults.max_header_bytes) return false;
    input.remove_prefix(head_bytes);

    const auto& message = parser.get();
    const auto head = http::make_head(message, "127.0.0.1:40000");
    if (!head) return false;  // 400
    check_head(*head, message.target());
    const auto routed = route(head->method, head->path);
    const auto* found = std::get_if<Route>(&routed);
    if (!found) {
        const auto& error = std::get<RouteError>(routed);
        check(!error.message.empty(), "a refusal says why");
        return false;  // answered from the head, the connection closed
    }
    check_route(*found, head->method);
    check_authorization(*found, *head);
    read_as_handler(*found, *head);

    const std::size_t limit = body_limit(*found);
    if (const auto length = parser.content_length(); length && *length > limit) return false;
    parser.body_limit(limit);
    while (!parser.is_done()) {
        const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
        input.remove_prefix(used);
        if (ec == bhttp::error::need_more && input.empty()) {
            parser.put_eof(ec);  // the client went away mid-body
            return false;
        }
        if (ec && ec != bhttp::error::need_more) return false;
        if (used == 0 && !parser.is_done()) return false;
    }
    check(parser.get().body().size() <= limit, "a body is within its route's limit");
    return parser.get().keep_alive();
}

}  // namespace
}  // namespace ember::daemon

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (int i = 0; i < ember::daemon::max_pipelined && !input.empty(); ++i) {
        if (!ember::daemon::one_request(input)) break;
    }
    return 0;
}
