// Token checks, in constant time per token.
#include "daemon/api/auth.hpp"

#include <algorithm>
#include <string_view>

namespace ember::daemon {

namespace {

// Compares without an early exit, so the time taken does not tell how much
// of a guessed token was right.
bool same(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

bool listed(const std::vector<std::string>& tokens, std::string_view token) {
    bool found = false;
    for (const std::string& t : tokens)
        found |= same(t, token);
    return found;
}

}  // namespace

std::optional<RouteError> authorize(const AuthConfig& auth, Action action,
                                    const std::string* authorization_header) {
    if (auth.admin_tokens.empty() && auth.invoke_tokens.empty()) return std::nullopt;
    if (action == Action::healthz || action == Action::readyz) return std::nullopt;
    if (action == Action::metrics && auth.metrics_public) return std::nullopt;

    constexpr std::string_view scheme = "Bearer ";
    if (authorization_header == nullptr || !authorization_header->starts_with(scheme)) {
        return RouteError{ApiError::unauthorized,
                          "this request needs an 'Authorization: Bearer TOKEN' header",
                          {}};
    }
    const std::string_view token = std::string_view(*authorization_header).substr(scheme.size());
    if (listed(auth.admin_tokens, token)) return std::nullopt;
    if (action == Action::invoke && listed(auth.invoke_tokens, token)) return std::nullopt;
    return RouteError{ApiError::forbidden,
                      action == Action::invoke ? "this token may not invoke functions"
                                               : "this needs an admin token",
                      {}};
}

}  // namespace ember::daemon
