#include "daemon/api/auth.hpp"

#include <catch2/catch.hpp>

using namespace ember::daemon;

TEST_CASE("without tokens everything is open", "[auth]") {
    const AuthConfig auth;
    CHECK_FALSE(authorize(auth, Action::deploy, nullptr));
    CHECK_FALSE(authorize(auth, Action::invoke, nullptr));
}

TEST_CASE("admin and invoke tokens", "[auth]") {
    AuthConfig auth;
    auth.admin_tokens = {"adm"};
    auth.invoke_tokens = {"inv"};
    auth.metrics_public = false;
    const std::string admin = "Bearer adm", invoke = "Bearer inv", wrong = "Bearer nope",
                      basic = "Basic YWRtOg==";

    CHECK(authorize(auth, Action::deploy, nullptr)->error == ApiError::unauthorized);
    CHECK(authorize(auth, Action::invoke, &basic)->error == ApiError::unauthorized);
    CHECK(authorize(auth, Action::invoke, &wrong)->error == ApiError::forbidden);
    CHECK_FALSE(authorize(auth, Action::invoke, &invoke));
    CHECK_FALSE(authorize(auth, Action::invoke, &admin));
    CHECK(authorize(auth, Action::deploy, &invoke)->error == ApiError::forbidden);
    CHECK(authorize(auth, Action::list_functions, &invoke)->error == ApiError::forbidden);
    CHECK_FALSE(authorize(auth, Action::remove, &admin));
    CHECK_FALSE(authorize(auth, Action::healthz, nullptr));
    CHECK_FALSE(authorize(auth, Action::readyz, nullptr));
    CHECK(authorize(auth, Action::metrics, nullptr)->error == ApiError::unauthorized);
    CHECK_FALSE(authorize(auth, Action::metrics, &admin));
    auth.metrics_public = true;
    CHECK_FALSE(authorize(auth, Action::metrics, nullptr));
}

TEST_CASE("a prefix of a token is not the token", "[auth]") {
    AuthConfig auth;
    auth.admin_tokens = {"secret"};
    const std::string prefix = "Bearer secre", longer = "Bearer secrets";
    CHECK(authorize(auth, Action::deploy, &prefix)->error == ApiError::forbidden);
    CHECK(authorize(auth, Action::deploy, &longer)->error == ApiError::forbidden);
}
