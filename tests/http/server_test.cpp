// Tests of http/server.cpp and session.cpp: requests and responses
// over real sockets on 127.0.0.1, keep-alive, pipelining, async handlers.
#include "http/server.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "tests/http/test_client.hpp"
#include "tests/http/test_config.hpp"
#include "tests/http/test_handler.hpp"
#include "tests/skip.hpp"

namespace ember::http {
namespace {

using test::get;
using test::local_config;
using test::TestClient;
using test::TestHandler;
using test::TestResponse;

// One request on a fresh connection.
TestResponse exchange(uint16_t port, const std::string& request) {
    TestClient client(port);
    REQUIRE(client.send(request));
    auto response = client.read_response();
    REQUIRE(response);
    return *response;
}

TEST_CASE("a simple GET is answered with framing headers", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    REQUIRE(server.port() != 0);
    server.start();
    const auto response = exchange(server.port(), get("/hello"));
    CHECK(response.status == 200);
    CHECK(response.body == "hello");
    CHECK(response.header("content-length") == "5");
    CHECK(response.header("content-type") == "text/plain");
    CHECK(response.header("server") == "emberd");
    CHECK(response.header("date").ends_with(" GMT"));
    CHECK(response.header("connection").empty());
    CHECK(server.stats().requests == 1);
}

TEST_CASE("keep-alive serves several requests on one connection", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    for (int i = 0; i < 3; ++i) {
        REQUIRE(client.send(get("/hello")));
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->body == "hello");
    }
    REQUIRE(client.send(test::post("/echo", "some body")));
    const auto echoed = client.read_response();
    REQUIRE(echoed);
    CHECK(echoed->body == "some body");
    const auto stats = server.stats();
    CHECK(stats.connections_accepted == 1);
    CHECK(stats.requests == 4);
    CHECK(stats.active_connections == 1);
}

TEST_CASE("pipelined requests are answered in order", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    // The first is answered 300 ms later from another thread; the second
    // would be answered at once if the session handled both together.
    REQUIRE(client.send(get("/slow?ms=300") + get("/hello") + test::post("/echo", "third")));
    const auto first = client.read_response();
    const auto second = client.read_response();
    const auto third = client.read_response();
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    CHECK(first->body == "slow");
    CHECK(second->body == "hello");
    CHECK(third->body == "third");
}

TEST_CASE("a handler may respond later from another thread", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const auto response = exchange(server.port(), get("/slow?ms=50"));
    CHECK(response.status == 200);
    CHECK(response.body == "slow");
}

TEST_CASE("a reply larger than the socket takes at once arrives whole", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    // The worker thread writes what the socket takes; the strand the rest,
    // once this client starts reading.
    constexpr std::size_t bytes = 32 << 20;
    REQUIRE(client.send(get("/big?bytes=" + std::to_string(bytes))));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // 32 MiB through a Debug, sanitized server on a loaded machine: a bound
    // for that, not a timing.
    const auto big = client.read_response(std::chrono::seconds(60));
    REQUIRE(big);
    CHECK(big->status == 200);
    REQUIRE(big->body.size() == bytes);
    bool pattern_holds = true;
    for (std::size_t i = 0; i < bytes; ++i)
        pattern_holds = pattern_holds && big->body[i] == static_cast<char>('a' + i % 26);
    CHECK(pattern_holds);
    REQUIRE(client.send(get("/hello")));
    const auto next = client.read_response();
    REQUIRE(next);
    CHECK(next->body == "hello");
}

TEST_CASE("HTTP/1.0 closes unless asked to keep alive", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    {
        TestClient client(server.port());
        REQUIRE(client.send("GET /hello HTTP/1.0\r\n\r\n"));
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->body == "hello");
        CHECK(response->header("connection") == "close");
        CHECK(client.wait_closed());
    }
    TestClient client(server.port());
    for (int i = 0; i < 2; ++i) {
        REQUIRE(client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->header("connection") == "keep-alive");
    }
}

TEST_CASE("Connection: close from the client is honoured", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/hello", "Connection: close\r\n")));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->header("connection") == "close");
    CHECK(client.wait_closed());
}

TEST_CASE("handler failures become 500 internal, and the connection lives on", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    for (const auto* path : {"/throw", "/drop"}) {
        REQUIRE(client.send(get(path)));
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->status == 500);
        CHECK(nlohmann::json::parse(response->body)["error"]["code"] == "internal");
    }
    REQUIRE(client.send(get("/hello")));
    const auto after = client.read_response();
    REQUIRE(after);
    CHECK(after->body == "hello");
}

TEST_CASE("a second respond for the same request is ignored", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/twice")));
    const auto first = client.read_response();
    REQUIRE(first);
    CHECK(first->body == "first");
    REQUIRE(client.send(get("/hello")));
    const auto next = client.read_response();
    REQUIRE(next);
    CHECK(next->body == "hello");
}

TEST_CASE("the query is decoded and the peer address is filled in", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    CHECK(exchange(server.port(), get("/query?a=1&b=x%20y+z&flag")).body == "a=1;b=x y z;flag=;");
    CHECK(exchange(server.port(), get("/remote")).body.starts_with("127.0.0.1:"));
}

TEST_CASE("the session owns the framing headers", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/headers")));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->header("x-test") == "yes");
    CHECK(response->header("content-length") == "12");
    CHECK(response->body == "with headers");

    REQUIRE(client.send(get("/status?code=204")));
    const auto no_content = client.read_response();
    REQUIRE(no_content);
    CHECK(no_content->status == 204);
    CHECK(no_content->header("content-length").empty());

    REQUIRE(client.send(get("/status?code=42")));
    const auto invalid = client.read_response();
    REQUIRE(invalid);
    CHECK(invalid->status == 500);
}

TEST_CASE("error responses carry the JSON error shape", "[http][server]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const auto response = exchange(server.port(), get("/nowhere"));
    CHECK(response.status == 404);
    CHECK(response.header("content-type") == "application/json");
    CHECK(response.body == R"({"error":{"code":"not_found","message":"no route /nowhere"}})");
}

TEST_CASE("binding a busy port names the address and the reason", "[http][server]") {
    TestHandler handler;
    Server first(local_config(), handler);
    auto config = local_config();
    config.listen = "127.0.0.1:" + std::to_string(first.port());
    CHECK_THROWS_WITH(Server(config, handler),
                      "listen " + config.listen + ": Address already in use");
    config.listen = "nonsense";
    CHECK_THROWS_WITH(Server(config, handler),
                      Catch::Matchers::StartsWith("listen nonsense: expected HOST:PORT"));
    config = local_config();
    config.io_threads = 0;
    CHECK_THROWS_AS(Server(config, handler), std::system_error);
}

TEST_CASE("each I/O thread runs the start hook with its index first", "[http][server]") {
    TestHandler handler;
    ServerConfig config = local_config();
    config.io_threads = 3;
    std::mutex mutex;
    std::multiset<std::size_t> started;
    config.on_io_thread_start = [&](std::size_t index) {
        std::lock_guard lock(mutex);
        started.insert(index);
    };
    {
        Server server(config, handler);
        server.start();
        CHECK(exchange(server.port(), get("/hello")).status == 200);
        server.stop();
    }
    CHECK(started == std::multiset<std::size_t>{0, 1, 2});
}

TEST_CASE("a Server can listen on IPv6", "[http][server]") {
    TestHandler handler;
    auto config = local_config();
    config.listen = "[::1]:0";
    try {
        Server server(config, handler);
        CHECK(server.port() != 0);
        server.start();
    } catch (const std::system_error& e) {
        // Only a machine without IPv6 (or without ::1) is a skip.
        const int code = e.code().value();
        if (code == EAFNOSUPPORT || code == EADDRNOTAVAIL) {
            ember::test::skip_test(std::string("no IPv6 loopback here: ") + e.what());
        }
        throw;
    }
}

TEST_CASE("a respond after the server is gone is ignored", "[http][server]") {
    TestHandler handler;
    {
        Server server(local_config(), handler);
        server.start();
        TestClient client(server.port());
        REQUIRE(client.send(get("/hold")));
        REQUIRE(handler.wait_started(1));
    }
    handler.release_held();
}

}  // namespace
}  // namespace ember::http
