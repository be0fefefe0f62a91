// Tests of the session's limits: body and header sizes, malformed requests,
// slow and idle clients, and the connection limit. Timing checks are loose
// upper bounds only.
#include "http/server.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

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

std::string error_code(const test::TestResponse& response) {
    return nlohmann::json::parse(response.body)["error"]["code"];
}

// Sends `request` and expects an error `status`/`code`, then the close.
void expect_error(uint16_t port, const std::string& request, unsigned status,
                  const std::string& code) {
    TestClient client(port);
    client.send(request);  // the server may close before reading all of it
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == status);
    CHECK(error_code(*response) == code);
    CHECK(response->header("connection") == "close");
    CHECK(client.wait_closed());
}

void expect_hello(uint16_t port) {
    TestClient client(port);
    REQUIRE(client.send(get("/hello")));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == "hello");
}

TEST_CASE("a body over the route's limit is 413 and others are still served", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const std::string big(TestHandler::small_limit + 1, 'x');
    expect_error(server.port(), test::post("/echo", big), 413, "payload_too_large");
    expect_hello(server.port());

    // The same body fits the upload route's larger limit.
    TestClient client(server.port());
    REQUIRE(client.send(test::post("/upload", big)));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == big);
    CHECK(handler.started() == 2);
}

TEST_CASE("the route's limit is the one enforced, above Beast's default too", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    for (const std::size_t size : {TestHandler::large_limit - 1, TestHandler::large_limit}) {
        TestClient client(server.port());
        REQUIRE(client.send(test::post("/large", std::string(size, 'x'))));
        const auto response = client.read_response(30s);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == std::to_string(size));
    }
    TestClient client(server.port());
    client.send(test::post("/large", std::string(TestHandler::large_limit + 1, 'x')));
    const auto response = client.read_response(30s);
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(error_code(*response) == "payload_too_large");
    CHECK_THAT(response->body,
               Catch::Matchers::Contains("limit of " + std::to_string(TestHandler::large_limit) +
                                         " bytes"));
}

TEST_CASE("a request refused from its head is answered at once, its body unread",
          "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    // 16 MiB announced, none sent: only an answer from the head can arrive.
    TestClient client(server.port());
    REQUIRE(client.send("PUT /refused HTTP/1.1\r\nHost: t\r\nContent-Length: 16777216\r\n\r\n"));
    const auto response = client.read_response(20s);
    REQUIRE(response);
    CHECK(response->status == 403);
    CHECK(error_code(*response) == "forbidden");
    CHECK(response->header("connection") == "close");
    CHECK(client.wait_closed(20s));
    CHECK(handler.started() == 0);
    expect_hello(server.port());
}

TEST_CASE("a chunked body over the limit is 413", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const std::string chunk(TestHandler::small_limit + 16, 'y');
    std::string request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    request += "410\r\n" + chunk + "\r\n0\r\n\r\n";
    expect_error(server.port(), request, 413, "payload_too_large");
    CHECK(handler.started() == 0);
}

TEST_CASE("a header over max_header_bytes is 431", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    const std::string big_header = "X-Big: " + std::string(20000, 'a') + "\r\n";
    expect_error(server.port(), get("/hello", big_header), 431, "header_too_large");
    expect_hello(server.port());
}

// Beast holds the request line and the fields each to the limit when it
// parses a head in one go, as it does one that came in the session's first
// read (4 KiB) or behind a pipelined request (found by tests/fuzz's
// http_request target).
TEST_CASE("a request line and headers each under max_header_bytes but over it together are 431",
          "[http][limits]") {
    TestHandler handler;
    ServerConfig config = local_config();
    config.max_header_bytes = 1024;
    Server server(config, handler);
    server.start();
    const std::string long_line = "GET /hello?pad=" + std::string(700, 'a') + " HTTP/1.1\r\n";
    const std::string long_fields = "Host: t\r\nX-Pad: " + std::string(700, 'b') + "\r\n\r\n";
    expect_error(server.port(), long_line + long_fields, 431, "header_too_large");
    CHECK(handler.started() == 0);
    expect_hello(server.port());
}

TEST_CASE("malformed requests are 400 bad_request", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    expect_error(server.port(), "HELLO\r\n\r\n", 400, "bad_request");
    expect_error(server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
                 400, "bad_request");
    expect_error(server.port(), "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
    expect_error(server.port(), get("/query?a=%zz"), 400, "bad_request");
    CHECK(handler.started() == 0);
}

TEST_CASE("Expect: 100-continue gets an interim response", "[http][limits]") {
    TestHandler handler;
    Server server(local_config(), handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                    "Content-Length: 5\r\n\r\n"));
    const auto interim = client.read_response();
    REQUIRE(interim);
    CHECK(interim->status == 100);
    REQUIRE(client.send("hello"));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == "hello");

    // Over the limit: 413 at once, without inviting the body.
    expect_error(server.port(),
                 "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                 "Content-Length: 5000\r\n\r\n",
                 413, "payload_too_large");
}

TEST_CASE("a client trickling its request is dropped at read_timeout", "[http][limits]") {
    TestHandler handler;
    auto config = local_config();
    config.read_timeout = 300ms;
    Server server(config, handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send("GET /hello HTTP/1.1\r\nHost: t\r\n"));
    bool closed = false;
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!closed && std::chrono::steady_clock::now() < give_up) {
        // One header line every 50 ms: each byte arrives long before any
        // per-read timeout, but the request never completes.
        closed = !client.send("X-Slow: 1\r\n") || client.wait_closed(50ms);
    }
    CHECK(closed);
    CHECK(handler.started() == 0);
}

TEST_CASE("a connection that never sends is dropped at read_timeout", "[http][limits]") {
    TestHandler handler;
    auto config = local_config();
    config.read_timeout = 300ms;
    Server server(config, handler);
    server.start();
    TestClient client(server.port());
    CHECK(client.wait_closed(5s));
}

TEST_CASE("an idle keep-alive connection is closed after idle_timeout", "[http][limits]") {
    TestHandler handler;
    auto config = local_config();
    config.idle_timeout = 1000ms;
    Server server(config, handler);
    server.start();
    TestClient client(server.port());
    REQUIRE(client.send(get("/hello")));
    REQUIRE(client.read_response());
    // Not before the timeout: the server's idle clock started before this
    // client even read the reply, so half of it is still a safe margin.
    CHECK_FALSE(client.wait_closed(500ms));
    CHECK(client.wait_closed(5s));
}

TEST_CASE("connections beyond max_connections get 503 or a close", "[http][limits]") {
    TestHandler handler;
    auto config = local_config();
    config.max_connections = 2;
    Server server(config, handler);
    server.start();
    auto first = std::make_unique<TestClient>(server.port());
    TestClient second(server.port());
    for (auto* client : {first.get(), &second}) {
        REQUIRE(client->send(get("/hello")));
        REQUIRE(client->read_response());
    }
    {
        TestClient third(server.port());
        third.send(get("/hello"));
        const auto response = third.read_response();
        if (response) {
            CHECK(response->status == 503);
            CHECK(error_code(*response) == "unavailable");
        }
        CHECK(third.wait_closed());
    }
    CHECK(server.stats().connections_rejected == 1);
    CHECK(handler.started() == 2);

    // Once a slot frees up, new connections are served again.
    first.reset();
    for (int i = 0; i < 500 && server.stats().active_connections > 1; ++i)
        std::this_thread::sleep_for(10ms);
    expect_hello(server.port());
}

}  // namespace
}  // namespace ember::http
