#include "daemon/api/auth.hpp"

#include <catch2/catch.hpp>

using namespace ember;
using namespace ember::daemon;

namespace {

http::Request head(std::string host, const std::string* authorization = nullptr,
                   const char* origin = nullptr) {
    http::Request request;
    request.method = "PUT";
    request.path = "/v1/functions/f";
    if (!host.empty()) request.headers.emplace_back("host", std::move(host));
    if (authorization) request.headers.emplace_back("authorization", *authorization);
    if (origin) request.headers.emplace_back("origin", origin);
    return request;
}

http::Request local(const std::string* authorization = nullptr) {
    return head("127.0.0.1:8080", authorization);
}

}  // namespace

TEST_CASE("without tokens the machine itself may do everything", "[auth]") {
    const AuthConfig auth;
    for (const char* host :
         {"localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:8080"}) {
        INFO(host);
        CHECK_FALSE(authorize(auth, Action::deploy, head(host)));
        CHECK_FALSE(authorize(auth, Action::invoke, head(host)));
        CHECK_FALSE(authorize(auth, Action::metrics, head(host)));
    }
}

TEST_CASE("without tokens other hosts and web pages get 403, probes stay open", "[auth]") {
    AuthConfig auth;
    // DNS rebinding: the page's host name, resolved to 127.0.0.1.
    for (const char* host :
         {"evil.example", "evil.example:8080", "10.0.0.5:8080", "", "localhost.evil.example",
          "127.0.0.1.evil.example", "[::1]x", "[::2]:8080"}) {
        INFO(host);
        const auto denied = authorize(auth, Action::deploy, head(host));
        REQUIRE(denied);
        CHECK(denied->error == ApiError::forbidden);
        CHECK_FALSE(authorize(auth, Action::healthz, head(host)));
        CHECK_FALSE(authorize(auth, Action::readyz, head(host)));
    }
    // A cross-site form or fetch carries an Origin, even to localhost.
    const auto cross_site =
        authorize(auth, Action::invoke, head("localhost", nullptr, "https://a.example"));
    REQUIRE(cross_site);
    CHECK(cross_site->error == ApiError::forbidden);
    CHECK_FALSE(authorize(auth, Action::healthz, head("localhost", nullptr, "https://a.example")));

    // The operator may open other hosts; web pages stay out.
    auth.allow_unauthenticated = true;
    CHECK_FALSE(authorize(auth, Action::deploy, head("10.0.0.5:8080")));
    CHECK(authorize(auth, Action::deploy, head("10.0.0.5:8080", nullptr, "https://a.example")));
}

TEST_CASE("admin and invoke tokens", "[auth]") {
    AuthConfig auth;
    auth.admin_tokens = {"adm"};
    auth.invoke_tokens = {"inv"};
    auth.metrics_public = false;
    const std::string admin = "Bearer adm", invoke = "Bearer inv", wrong = "Bearer nope",
                      basic = "Basic YWRtOg==";

    CHECK(authorize(auth, Action::deploy, local())->error == ApiError::unauthorized);
    CHECK(authorize(auth, Action::invoke, local(&basic))->error == ApiError::unauthorized);
    CHECK(authorize(auth, Action::invoke, local(&wrong))->error == ApiError::forbidden);
    CHECK_FALSE(authorize(auth, Action::invoke, local(&invoke)));
    CHECK_FALSE(authorize(auth, Action::invoke, local(&admin)));
    CHECK(authorize(auth, Action::deploy, local(&invoke))->error == ApiError::forbidden);
    CHECK(authorize(auth, Action::list_functions, local(&invoke))->error == ApiError::forbidden);
    // An invoke token reads the record and result of a call whose id it was
    // given, but may not list a function's calls.
    CHECK_FALSE(authorize(auth, Action::invocation, local(&invoke)));
    CHECK_FALSE(authorize(auth, Action::invocation_result, local(&invoke)));
    CHECK(authorize(auth, Action::list_invocations, local(&invoke))->error == ApiError::forbidden);
    CHECK(authorize(auth, Action::invocation, local())->error == ApiError::unauthorized);
    CHECK_FALSE(authorize(auth, Action::remove, local(&admin)));
    CHECK_FALSE(authorize(auth, Action::healthz, local()));
    CHECK_FALSE(authorize(auth, Action::readyz, local()));
    CHECK(authorize(auth, Action::metrics, local())->error == ApiError::unauthorized);
    CHECK_FALSE(authorize(auth, Action::metrics, local(&admin)));
    auth.metrics_public = true;
    CHECK_FALSE(authorize(auth, Action::metrics, local()));
    // With tokens, the token is what counts, from any host.
    CHECK_FALSE(authorize(auth, Action::deploy, head("ember.example.com", &admin)));
}

TEST_CASE("a prefix of a token is not the token", "[auth]") {
    AuthConfig auth;
    auth.admin_tokens = {"secret"};
    const std::string prefix = "Bearer secre", longer = "Bearer secrets";
    CHECK(authorize(auth, Action::deploy, local(&prefix))->error == ApiError::forbidden);
    CHECK(authorize(auth, Action::deploy, local(&longer))->error == ApiError::forbidden);
}
