#include <catch2/catch.hpp>
#include <fstream>

#include "fetch/fetcher.hpp"
#include "tests/fetch/fetch_test_support.hpp"
#include "tests/loopback_http_server.hpp"
#include "tests/scratch_dir.hpp"
#include "tests/test_certificate.hpp"

using namespace ember::fetch;
using namespace ember::fetch::test;
using ember::test::LoopbackHttpServer;
using ember::test::make_test_certificate;
using ember::test::TestCertificate;
namespace routes = ember::test;

namespace {

// A Fetcher that trusts `certificate` besides the system's store.
class TrustingFetcher {
  public:
    explicit TrustingFetcher(const TestCertificate& certificate) {
        const std::string file = (dir_.path() / "ca.pem").string();
        std::ofstream(file) << certificate.certificate_pem;
        FetcherOptions options;
        options.extra_ca_file = file;
        fetcher_.emplace(options);
    }
    Fetcher& operator*() { return *fetcher_; }
    Fetcher* operator->() { return &*fetcher_; }

  private:
    ember::daemon::test::ScratchDir dir_;
    std::optional<Fetcher> fetcher_;
};

}  // namespace

TEST_CASE("https to a server whose certificate is trusted and names its address", "[fetch]") {
    const TestCertificate certificate = make_test_certificate("IP:127.0.0.1");
    LoopbackHttpServer server(certificate);
    server.route("/echo", routes::echo());
    server.route("/close", routes::huge_body(100 * 1024, routes::Framing::until_close));
    TrustingFetcher fetcher(certificate);
    FetchRequest request = get(server.url("/echo"));
    request.method = FetchMethod::post;
    request.body = "over tls";
    const FetchResult result = fetcher->fetch(request, policy_for(server), far_deadline());
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(result.response.body == "over tls");
    CHECK(header(result.response, "echo-method") == "POST");

    const FetchResult closed =
        fetcher->fetch(get(server.url("/close")), policy_for(server), far_deadline());
    REQUIRE(closed.status == FetchStatus::ok);
    CHECK(closed.response.body.size() == 100 * 1024);
}

TEST_CASE("https to a server whose certificate is not trusted fails the handshake", "[fetch]") {
    LoopbackHttpServer server(make_test_certificate("IP:127.0.0.1"));
    server.route("/", routes::reply(200, "must not be read"));
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get(server.url("/")), policy_for(server), far_deadline());
    CHECK(result.status == FetchStatus::protocol_error);
    CHECK_THAT(result.message, Catch::StartsWith("the TLS handshake with " + server.authority() +
                                                 " failed: certificate verify failed"));
    CHECK(server.requests().empty());
}

TEST_CASE("https to a server whose certificate names another host fails the handshake", "[fetch]") {
    const TestCertificate other = make_test_certificate("DNS:other.example,IP:127.0.0.2");
    LoopbackHttpServer server(other);
    server.route("/", routes::reply(200, "must not be read"));
    TrustingFetcher fetcher(other);
    const FetchResult result =
        fetcher->fetch(get(server.url("/")), policy_for(server), far_deadline());
    CHECK(result.status == FetchStatus::protocol_error);
    CHECK_THAT(result.message, Catch::Contains("certificate verify failed"));
    CHECK(server.requests().empty());
}

TEST_CASE("https to a server that never answers the handshake times out in connect_timeout",
          "[fetch]") {
    // A plain HTTP server waits for a request head the ClientHello never ends.
    LoopbackHttpServer server;
    server.route("/", routes::reply(200, "plain"));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.connect_timeout = std::chrono::milliseconds(200);
    const FetchResult result =
        fetcher.fetch(get("https://" + server.authority() + "/"), policy, far_deadline());
    CHECK(result.status == FetchStatus::timeout);
    CHECK(result.message ==
          "no progress for 200 ms while in the TLS handshake with " + server.authority());
}

TEST_CASE("a CA file that cannot be read stops the Fetcher from being made", "[fetch]") {
    FetcherOptions options;
    options.extra_ca_file = "/nonexistent/ca.pem";
    CHECK_THROWS_WITH(Fetcher(options),
                      Catch::StartsWith("cannot load the CA certificates in /nonexistent/ca.pem"));
}
