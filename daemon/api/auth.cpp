// Token checks, and the loopback rule when there are no tokens.
#include "daemon/api/auth.hpp"

#include <string_view>

#include "base/sha256.hpp"

namespace ember::daemon {

namespace {

std::string digest_of(std::string_view text) {
    return sha256_hex(std::as_bytes(std::span(text.data(), text.size())));
}

// Compares digests, without an early exit: the time taken tells neither how
// much of a guessed token was right nor how long the real one is.
bool listed(const std::vector<std::string>& tokens, const std::string& presented_digest) {
    bool found = false;
    for (const std::string& token : tokens) {
        const std::string digest = digest_of(token);
        unsigned char diff = 0;
        for (std::size_t i = 0; i < digest.size(); ++i)
            diff |= static_cast<unsigned char>(digest[i] ^ presented_digest[i]);
        found |= diff == 0;
    }
    return found;
}

bool is_probe(Action action) {
    return action == Action::healthz || action == Action::readyz;
}

std::optional<RouteError> without_tokens(const AuthConfig& auth, const http::Request& head) {
    const std::string* host = head.header("host");
    if (!auth.allow_unauthenticated && (host == nullptr || !is_loopback_host(*host))) {
        return RouteError{ApiError::forbidden,
                          "emberd has no auth tokens, so it answers only requests for localhost: "
                          "configure auth.admin_tokens to serve other hosts",
                          {}};
    }
    if (head.header("origin") != nullptr) {
        return RouteError{ApiError::forbidden,
                          "emberd has no auth tokens, so it answers no request from a web page "
                          "(one with an Origin header)",
                          {}};
    }
    return std::nullopt;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
    if (host.starts_with('[')) {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view rest = host.substr(close + 1);
        return host.substr(1, close - 1) == "::1" && (rest.empty() || rest.starts_with(':'));
    }
    const std::string_view name = host.substr(0, host.find(':'));
    return name == "localhost" || name == "127.0.0.1";
}

std::optional<RouteError> authorize(const AuthConfig& auth, Action action,
                                    const http::Request& head) {
    if (is_probe(action)) return std::nullopt;
    if (!auth.enabled()) return without_tokens(auth, head);
    if (action == Action::metrics && auth.metrics_public) return std::nullopt;

    constexpr std::string_view scheme = "Bearer ";
    const std::string* authorization = head.header("authorization");
    if (authorization == nullptr || !authorization->starts_with(scheme)) {
        return RouteError{ApiError::unauthorized,
                          "this request needs an 'Authorization: Bearer TOKEN' header",
                          {}};
    }
    // Hashed once, however many tokens it is compared with.
    const std::string presented = digest_of(std::string_view(*authorization).substr(scheme.size()));
    if (listed(auth.admin_tokens, presented)) return std::nullopt;
    if (is_invoke_action(action) && listed(auth.invoke_tokens, presented)) return std::nullopt;
    return RouteError{ApiError::forbidden,
                      is_invoke_action(action) ? "this token may not invoke functions"
                                               : "this needs an admin token",
                      {}};
}

}  // namespace ember::daemon
