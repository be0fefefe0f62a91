#include "fetch/fetcher.hpp"

#include <catch2/catch.hpp>

#include "tests/fetch/fetch_test_support.hpp"
#include "tests/loopback_http_server.hpp"

using namespace ember::fetch;
using namespace ember::fetch::test;
using ember::test::LoopbackHttpServer;

TEST_CASE("a fetch to an allowed host returns the status, headers and body", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/hello", ember::test::reply(201, "hi there", {{"X-Reply", "yes"}}));
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get(server.url("/hello")), policy_for(server), far_deadline());
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(result.message.empty());
    CHECK(result.response.status_code == 201);
    CHECK(result.response.body == "hi there");
    CHECK(header(result.response, "x-reply") == "yes");
    CHECK(header(result.response, "content-length") == "8");
}

TEST_CASE("each method sends its headers and body", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/echo", ember::test::echo());
    Fetcher fetcher;
    for (const FetchMethod method :
         {FetchMethod::get, FetchMethod::post, FetchMethod::put, FetchMethod::del}) {
        FetchRequest request;
        request.method = method;
        request.url = server.url("/echo?q=1");
        request.headers = {{"Authorization", "Bearer token"}, {"X-Two", "a"}, {"x-two", "b"}};
        request.body = std::string("body of ") + std::string(to_string(method));
        const FetchResult result = fetcher.fetch(request, policy_for(server), far_deadline());
        REQUIRE(result.status == FetchStatus::ok);
        CHECK(header(result.response, "echo-method") == to_string(method));
        CHECK(header(result.response, "echo-target") == "/echo?q=1");
        CHECK(header(result.response, "echo-host") == server.authority());
        CHECK(header(result.response, "echo-authorization") == "Bearer token");
        CHECK(header(result.response, "echo-connection") == "close");
        CHECK(header(result.response, "echo-user-agent") == "ember");
        CHECK(header(result.response, "echo-content-length") ==
              std::to_string(request.body.size()));
        CHECK(result.response.body == request.body);
    }
    const auto received = server.requests();
    REQUIRE(received.size() == 4);
    // Both X-Two headers arrive, in order.
    int twos = 0;
    for (const auto& [name, value] : received[0].headers)
        if (name == "X-Two" || name == "x-two") CHECK(value == (twos++ == 0 ? "a" : "b"));
    CHECK(twos == 2);
}

TEST_CASE("a guest's User-Agent replaces the default one", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/echo", ember::test::echo());
    Fetcher fetcher;
    FetchRequest request = get(server.url("/echo"));
    request.headers = {{"User-Agent", "my-function/1.0"}};
    const FetchResult result = fetcher.fetch(request, policy_for(server), far_deadline());
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(header(result.response, "echo-user-agent") == "my-function/1.0");
}

TEST_CASE("a host or port not in allowed_hosts is denied before any connection", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/", ember::test::reply(200, "should not be reached"));
    Fetcher fetcher;
    FetchPolicy other_port = policy_for(server);
    other_port.allowed_hosts = AllowedHosts::parse({"127.0.0.1:1"});
    const FetchResult wrong_port = fetcher.fetch(get(server.url("/")), other_port, far_deadline());
    CHECK(wrong_port.status == FetchStatus::denied);
    CHECK(wrong_port.message == server.authority() + " is not in allowed_hosts");

    const FetchResult nothing = fetcher.fetch(get(server.url("/")), FetchPolicy{}, far_deadline());
    CHECK(nothing.status == FetchStatus::denied);
    CHECK(server.requests().empty());
}

TEST_CASE("a name entry that resolves to a private address is denied, the address entry allowed",
          "[fetch]") {
    LoopbackHttpServer server;
    server.route("/", ember::test::reply(200, "reached"));
    Fetcher fetcher;
    const std::string port = std::to_string(server.port());

    const FetchPolicy by_name = policy_for(server, {"localhost:" + port});
    const FetchResult named =
        fetcher.fetch(get("http://localhost:" + port + "/"), by_name, far_deadline());
    CHECK(named.status == FetchStatus::denied);
    CHECK_THAT(named.message, Catch::Contains("localhost resolves to no public address") &&
                                  Catch::Contains("loopback"));
    CHECK(server.requests().empty());

    const FetchResult literal = fetcher.fetch(get(server.url("/")), by_name, far_deadline());
    CHECK(literal.status == FetchStatus::ok);
    CHECK(literal.response.body == "reached");
}

TEST_CASE("a name whose DNS points at metadata or private addresses is denied, never connected",
          "[fetch]") {
    // The lookup stands in for a hostile DNS answer: no connection is ever
    // attempted, so no address outside this machine is contacted.
    FetcherOptions options;
    options.lookup = [](const std::string&) {
        return LookupResult{{*IpAddress::parse("169.254.169.254"), *IpAddress::parse("10.0.0.1"),
                             *IpAddress::parse("::ffff:127.0.0.1"), *IpAddress::parse("fd00::1")},
                            {}};
    };
    Fetcher fetcher(options);
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse({"api.example.com"});
    const FetchResult result =
        fetcher.fetch(get("http://api.example.com/latest/meta-data/"), policy, far_deadline());
    CHECK(result.status == FetchStatus::denied);
    CHECK(result.message ==
          "api.example.com resolves to no public address (169.254.169.254 is link-local "
          "(169.254.0.0/16)); list the address itself in allowed_hosts to reach it");
}

TEST_CASE("a name that does not resolve is unreachable", "[fetch]") {
    FetcherOptions options;
    options.lookup = [](const std::string&) {
        return LookupResult{{}, "Name or service not known"};
    };
    Fetcher fetcher(options);
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse({"nowhere.example"});
    const FetchResult result =
        fetcher.fetch(get("http://nowhere.example/"), policy, far_deadline());
    CHECK(result.status == FetchStatus::unreachable);
    CHECK(result.message == "cannot resolve nowhere.example: Name or service not known");
}

TEST_CASE("a port where nothing listens is unreachable", "[fetch]") {
    std::uint16_t closed_port = 0;
    {
        LoopbackHttpServer gone;
        closed_port = gone.port();
    }
    const std::string authority = "127.0.0.1:" + std::to_string(closed_port);
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse({authority});
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get("http://" + authority + "/"), policy, far_deadline());
    CHECK(result.status == FetchStatus::unreachable);
    CHECK_THAT(result.message,
               Catch::StartsWith("cannot connect to " + authority + " (127.0.0.1: "));
}

TEST_CASE("malformed URLs and headers are invalid requests, sent nowhere", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/", ember::test::echo());
    Fetcher fetcher;
    const FetchPolicy policy = policy_for(server);
    const auto status_of = [&](FetchRequest request) {
        return fetcher.fetch(request, policy, far_deadline());
    };
    CHECK(status_of(get("ftp://" + server.authority() + "/")).status ==
          FetchStatus::invalid_request);
    CHECK(status_of(get(server.url("/a b"))).status == FetchStatus::invalid_request);
    CHECK(status_of(get(server.url("/\r\nX-Injected: 1"))).status == FetchStatus::invalid_request);
    CHECK(status_of(get("http://user:pw@" + server.authority() + "/")).status ==
          FetchStatus::invalid_request);

    FetchRequest injected = get(server.url("/"));
    injected.headers = {{"X-Token", "s3cret\r\nX-Injected: 1"}};
    const FetchResult refused = status_of(injected);
    CHECK(refused.status == FetchStatus::invalid_request);
    CHECK(refused.message.find("s3cret") == std::string::npos);

    FetchRequest framing = get(server.url("/"));
    framing.headers = {{"Content-Length", "0"}};
    CHECK(status_of(framing).status == FetchStatus::invalid_request);
    framing.headers = {{"Host", "other.example"}};
    CHECK(status_of(framing).status == FetchStatus::invalid_request);
    CHECK(server.requests().empty());
}
