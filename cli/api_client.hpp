// The REST API of docs/api.md as function calls: the targets built and
// escaped here, the token added, error answers thrown as ServerError and
// JSON bodies parsed. One connection per call (a command makes one or two).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/http_client.hpp"
#include "cli/server_options.hpp"

namespace ember::cli {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct InvokeRequest {
    std::string input;
    std::optional<std::string> handler;
    std::optional<std::uint64_t> version;  // a pinned version, else the active one
    bool async = false;                    // Prefer: respond-async
};

// Every call throws ConnectionError when emberd cannot be reached and
// ServerError for an answer of 400 or above, except invoke() and
// invocation_result(), which hand back what the function answered, failures
// included.
class ApiClient {
  public:
    explicit ApiClient(Server server);

    nlohmann::json list_functions() const;
    nlohmann::json describe(std::string_view name) const;
    // `config`: memory_mb, timeout_ms, ... as docs/api.md names them.
    nlohmann::json deploy(std::string_view name, std::string binary,
                          const QueryParams& config) const;
    void remove(std::string_view name) const;
    nlohmann::json versions(std::string_view name) const;
    // The server's answer; null when it has no body.
    nlohmann::json activate(std::string_view name, std::uint64_t version) const;
    // Replaces the function's env with `env` ({"values": {...}, "secrets":
    // {...}}); the description of the version that now serves it.
    nlohmann::json set_env(std::string_view name, const nlohmann::json& env) const;
    nlohmann::json invocations(std::string_view name, std::uint64_t limit) const;
    nlohmann::json invocation(std::string_view id) const;
    HttpReply invoke(std::string_view name, InvokeRequest request) const;
    // An async call's reply, as invoke() would have had it.
    HttpReply invocation_result(std::string_view id) const;
    // The Prometheus text of /metrics.
    std::string metrics() const;

  private:
    HttpReply send(std::string method, std::string target, std::string body = {},
                   HeaderFields headers = {}) const;
    // send(), then ServerError for a status of 400 or above.
    HttpReply send_ok(std::string method, std::string target, std::string body = {},
                      HeaderFields headers = {}) const;
    std::string function_target(std::string_view name, std::string_view rest = {}) const;

    Server server_;
};

// Percent-encodes everything but RFC 3986's unreserved characters, so that
// a name or value can never end a path segment or a query parameter.
std::string percent_encode(std::string_view text);

}  // namespace ember::cli
