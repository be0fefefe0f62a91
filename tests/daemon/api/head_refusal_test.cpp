// Strangers get nothing: a request without the right token is answered 401
// from its head, over a real server, without emberd reading its body.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "http/server.hpp"
#include "tests/daemon/fake_daemon.hpp"
#include "tests/http/test_client.hpp"
#include "tests/http/test_config.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;

TEST_CASE("200 unauthenticated uploads announcing 16 MiB each get 401 at once", "[api][auth]") {
    FakeDaemon d;
    d.config.auth.admin_tokens = {"secret"};
    http::Server server(http::test::local_config(), d.api);
    server.start();

    // The bodies are never sent: a server that waited for them would not answer.
    const std::string head =
        "PUT /v1/functions/evil HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/octet-stream\r\nContent-Length: 16777216\r\n\r\n";
    std::vector<std::unique_ptr<http::test::TestClient>> clients;
    for (int i = 0; i < 200; ++i) {
        clients.push_back(std::make_unique<http::test::TestClient>(server.port()));
        REQUIRE(clients.back()->send(head));
    }
    for (auto& client : clients) {
        const auto response = client->read_response(std::chrono::seconds(20));
        REQUIRE(response);
        CHECK(response->status == 401);
        CHECK(response->header("www-authenticate") == "Bearer");
        CHECK(client->wait_closed(std::chrono::seconds(20)));
    }
    CHECK(d.registry.list().empty());
    CHECK(d.versions.boots == 0);
    server.stop();
}
