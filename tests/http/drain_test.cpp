// Tests of Server::drain and stop: in-flight requests finish, idle
// connections close, new ones are refused, and the grace is enforced.
#include "http/server.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "tests/http/test_client.hpp"
#include "tests/http/test_config.hpp"
#include "tests/http/test_handler.hpp"

namespace ember::http {
namespace {

using namespace std::chrono_literals;
using test::get;
using test::local_config;
using test::TestClient;
using test::TestHandler;

bool refused_within(uint16_t port, std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (test::can_connect(port)) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

TEST_CASE("drain finishes in-flight requests and refuses new connections", "[http][drain]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const uint16_t port = server.port();

    TestClient idle(port);
    REQUIRE(idle.send(get("/hello")));
    REQUIRE(idle.read_response());
    TestClient busy(port);
    REQUIRE(busy.send(get("/hold")));
    REQUIRE(handler.wait_started(2));

    // The held request answers only once drain has begun, however slow the
    // machine: its reply must then close the connection.
    auto drained = std::async(std::launch::async, [&] { return server.drain(60s); });
    CHECK(refused_within(port, 20s));
    CHECK(idle.wait_closed(20s));
    handler.release_held();

    const auto response = busy.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "released");
    CHECK(response->header("connection") == "close");
    CHECK(busy.wait_closed());
    CHECK(drained.get());
    CHECK(server.stats().active_connections == 0);
}

TEST_CASE("drain force-closes what outlives the grace", "[http][drain]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/hold")));
    REQUIRE(handler.wait_started(1));

    CHECK_FALSE(server.drain(300ms));
    CHECK(client.wait_closed(5s));
    CHECK(server.stats().active_connections == 0);
    // The late answer finds its session gone and is dropped quietly.
    handler.release_held();
}

TEST_CASE("drain sends the answers that the end of its grace brings about", "[http][drain]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/hold")));
    REQUIRE(handler.wait_started(1));

    bool called = false;
    CHECK_FALSE(server.drain(300ms, [&] {
        called = true;
        handler.release_held();
    }));
    CHECK(called);
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "released");
    CHECK(response->header("connection") == "close");
    CHECK(client.wait_closed(5s));
    CHECK(server.stats().active_connections == 0);
}

TEST_CASE("drain without connections returns at once, even before start", "[http][drain]") {
    TestHandler handler;
    Server server(local_config(), handler);
    const uint16_t port = server.port();
    // "At once": long before the grace, which a drain that waited would use up.
    const auto started = std::chrono::steady_clock::now();
    CHECK(server.drain(120s));
    CHECK(std::chrono::steady_clock::now() - started < 60s);
    CHECK_FALSE(test::can_connect(port));
    server.stop();
    server.stop();
}

TEST_CASE("stop closes connections with requests in flight", "[http][drain]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/hold")));
    REQUIRE(handler.wait_started(1));
    server.stop();
    CHECK(client.wait_closed(5s));
    handler.release_held();
}

}  // namespace
}  // namespace ember::http
