#include <catch2/catch.hpp>

#include "fetch/fetcher.hpp"
#include "tests/fetch/fetch_test_support.hpp"
#include "tests/loopback_http_server.hpp"

using namespace ember::fetch;
using namespace ember::fetch::test;
using ember::test::LoopbackHttpServer;
namespace routes = ember::test;

TEST_CASE("a redirect to an allowed host is followed, relative or absolute", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/start", routes::redirect(302, "/middle?x=1"));
    server.route("/middle", routes::redirect(301, server.url("/end")));
    server.route("/end", routes::reply(200, "arrived"));
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get(server.url("/start")), policy_for(server), far_deadline());
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(result.response.body == "arrived");
    const auto received = server.requests();
    REQUIRE(received.size() == 3);
    CHECK(received[1].target == "/middle?x=1");
}

TEST_CASE("a redirect to a host not in allowed_hosts is denied", "[fetch]") {
    LoopbackHttpServer server;
    LoopbackHttpServer elsewhere;
    elsewhere.route("/", routes::reply(200, "must not be reached"));
    server.route("/go", routes::redirect(307, elsewhere.url("/")));
    server.route("/meta", routes::redirect(302, "http://169.254.169.254/latest/meta-data/"));
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get(server.url("/go")), policy_for(server), far_deadline());
    CHECK(result.status == FetchStatus::denied);
    CHECK(result.message == server.authority() + " redirected to " + elsewhere.authority() +
                                ", which is not in allowed_hosts");
    CHECK(elsewhere.requests().empty());

    const FetchResult meta =
        fetcher.fetch(get(server.url("/meta")), policy_for(server), far_deadline());
    CHECK(meta.status == FetchStatus::denied);
    CHECK(meta.message ==
          server.authority() + " redirected to 169.254.169.254:80, which is not in allowed_hosts");
}

TEST_CASE("a redirect to another allowed origin drops credentials, the same origin keeps them",
          "[fetch]") {
    LoopbackHttpServer server;
    LoopbackHttpServer other;
    other.route("/", routes::echo());
    server.route("/same", routes::redirect(302, "/echo"));
    server.route("/echo", routes::echo());
    server.route("/away", routes::redirect(302, other.url("/")));
    Fetcher fetcher;
    const FetchPolicy policy = policy_for(server, {other.authority()});
    FetchRequest request = get(server.url("/same"));
    request.headers = {{"Authorization", "Bearer t"}, {"Cookie", "c=1"}, {"X-Keep", "k"}};

    const FetchResult same = fetcher.fetch(request, policy, far_deadline());
    REQUIRE(same.status == FetchStatus::ok);
    CHECK(header(same.response, "echo-authorization") == "Bearer t");
    CHECK(header(same.response, "echo-cookie") == "c=1");

    request.url = server.url("/away");
    const FetchResult away = fetcher.fetch(request, policy, far_deadline());
    REQUIRE(away.status == FetchStatus::ok);
    CHECK(header(away.response, "echo-host") == other.authority());
    CHECK(header(away.response, "echo-authorization").empty());
    CHECK(header(away.response, "echo-cookie").empty());
    CHECK(header(away.response, "echo-x-keep") == "k");
}

TEST_CASE(
    "303, and 301 or 302 after a POST, continue as GET, while 307 and 308 keep method and body",
    "[fetch]") {
    LoopbackHttpServer server;
    server.route("/echo", routes::echo());
    for (const unsigned code : {301u, 302u, 303u, 307u, 308u})
        server.route("/" + std::to_string(code), routes::redirect(code, "/echo"));
    Fetcher fetcher;
    const auto after = [&](FetchMethod method, unsigned code) {
        FetchRequest request = get(server.url("/" + std::to_string(code)));
        request.method = method;
        request.body = "payload";
        request.headers = {{"Content-Type", "text/plain"}};
        const FetchResult result = fetcher.fetch(request, policy_for(server), far_deadline());
        REQUIRE(result.status == FetchStatus::ok);
        return header(result.response, "echo-method") + " " + result.response.body + " " +
               header(result.response, "echo-content-type");
    };
    CHECK(after(FetchMethod::post, 303) == "GET  ");
    CHECK(after(FetchMethod::put, 303) == "GET  ");
    CHECK(after(FetchMethod::post, 301) == "GET  ");
    CHECK(after(FetchMethod::post, 302) == "GET  ");
    CHECK(after(FetchMethod::put, 301) == "PUT payload text/plain");
    CHECK(after(FetchMethod::post, 307) == "POST payload text/plain");
    CHECK(after(FetchMethod::del, 308) == "DELETE payload text/plain");
}

TEST_CASE("a redirect loop ends after max_redirects", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/loop", routes::redirect(302, "/loop"));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.max_redirects = 3;
    const FetchResult result = fetcher.fetch(get(server.url("/loop")), policy, far_deadline());
    CHECK(result.status == FetchStatus::protocol_error);
    CHECK(result.message == "more than 3 redirects");
    CHECK(server.requests().size() == 4);
}

TEST_CASE("a redirect without a Location is the response, and a bad Location a protocol error",
          "[fetch]") {
    LoopbackHttpServer server;
    server.route("/bare", routes::reply(302, "no location"));
    server.route("/bad", routes::redirect(302, "ftp://files.example/"));
    Fetcher fetcher;
    const FetchResult bare =
        fetcher.fetch(get(server.url("/bare")), policy_for(server), far_deadline());
    REQUIRE(bare.status == FetchStatus::ok);
    CHECK(bare.response.status_code == 302);
    CHECK(bare.response.body == "no location");

    const FetchResult bad =
        fetcher.fetch(get(server.url("/bad")), policy_for(server), far_deadline());
    CHECK(bad.status == FetchStatus::protocol_error);
    CHECK(bad.message ==
          server.authority() +
              " redirected to an invalid URL: only http:// and https:// URLs are supported");
}
