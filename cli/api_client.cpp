// Calls of the REST API (see api_client.hpp).
#include "cli/api_client.hpp"

#include <stdexcept>

#include "cli/server_error.hpp"

namespace ember::cli {
namespace {

bool is_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string with_query(std::string target, const QueryParams& query) {
    char separator = '?';
    for (const auto& [name, value] : query) {
        target += separator + percent_encode(name) + "=" + percent_encode(value);
        separator = '&';
    }
    return target;
}

nlohmann::json parse_json(const HttpReply& reply) {
    nlohmann::json json = nlohmann::json::parse(reply.body, nullptr, false);
    if (json.is_discarded())
        throw std::runtime_error("the server's answer (HTTP " + std::to_string(reply.status) +
                                 ") is not JSON; is the URL emberd's?");
    return json;
}

}  // namespace

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_unreserved(byte)) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        }
    }
    return out;
}

ApiClient::ApiClient(Server server) : server_(std::move(server)) {}

HttpReply ApiClient::send(std::string method, std::string target, std::string body,
                          HeaderFields headers) const {
    if (!server_.token.empty()) headers.emplace_back("Authorization", "Bearer " + server_.token);
    const HttpRequest request{std::move(method), server_.prefix + target, std::move(headers),
                              std::move(body)};
    return exchange(server_.url, server_.text, request);
}

HttpReply ApiClient::send_ok(std::string method, std::string target, std::string body,
                             HeaderFields headers) const {
    HttpReply reply =
        send(std::move(method), std::move(target), std::move(body), std::move(headers));
    if (reply.status >= 400) throw ServerError(reply);
    return reply;
}

std::string ApiClient::function_target(std::string_view name, std::string_view rest) const {
    return "/v1/functions/" + percent_encode(name) + std::string(rest);
}

nlohmann::json ApiClient::list_functions() const {
    return parse_json(send_ok("GET", "/v1/functions"));
}

nlohmann::json ApiClient::describe(std::string_view name) const {
    return parse_json(send_ok("GET", function_target(name)));
}

nlohmann::json ApiClient::deploy(std::string_view name, std::string binary,
                                 const QueryParams& config) const {
    // The daemon tells a Wasm module by its first bytes; the type says it too.
    const bool wasm = binary.starts_with(std::string_view("\0asm", 4));
    return parse_json(
        send_ok("PUT", with_query(function_target(name), config), std::move(binary),
                {{"Content-Type", wasm ? "application/wasm" : "application/octet-stream"}}));
}

void ApiClient::remove(std::string_view name) const {
    send_ok("DELETE", function_target(name));
}

nlohmann::json ApiClient::versions(std::string_view name) const {
    return parse_json(send_ok("GET", function_target(name, "/versions")));
}

nlohmann::json ApiClient::activate(std::string_view name, std::uint64_t version) const {
    const nlohmann::json body = {{"version", version}};
    const HttpReply reply = send_ok("PUT", function_target(name, "/active"), body.dump(),
                                    {{"Content-Type", "application/json"}});
    return reply.body.empty() ? nlohmann::json() : parse_json(reply);
}

nlohmann::json ApiClient::set_env(std::string_view name, const nlohmann::json& env) const {
    return parse_json(send_ok("PUT", function_target(name, "/env"), env.dump(),
                              {{"Content-Type", "application/json"}}));
}

nlohmann::json ApiClient::invocations(std::string_view name, std::uint64_t limit) const {
    const QueryParams query = {{"limit", std::to_string(limit)}};
    return parse_json(send_ok("GET", with_query(function_target(name, "/invocations"), query)));
}

nlohmann::json ApiClient::invocation(std::string_view id) const {
    return parse_json(send_ok("GET", "/v1/invocations/" + percent_encode(id)));
}

HttpReply ApiClient::invoke(std::string_view name, InvokeRequest request) const {
    QueryParams query;
    if (request.handler) query.emplace_back("handler", *request.handler);
    if (request.version) query.emplace_back("version", std::to_string(*request.version));
    HeaderFields headers = {{"Content-Type", "application/octet-stream"}};
    if (request.async) headers.emplace_back("Prefer", "respond-async");
    return send("POST", with_query(function_target(name, "/invoke"), query),
                std::move(request.input), std::move(headers));
}

HttpReply ApiClient::invocation_result(std::string_view id) const {
    return send("GET", "/v1/invocations/" + percent_encode(id) + "/result");
}

std::string ApiClient::metrics() const {
    return send_ok("GET", "/metrics").body;
}

}  // namespace ember::cli
