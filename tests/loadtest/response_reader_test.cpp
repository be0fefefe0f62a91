// Tests of loadtest/response_reader.cpp: responses read whole, in pieces of
// every size, chunked, without bodies, and the malformed ones refused.
#include "loadtest/response_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ember::loadtest;
using State = ResponseReader::State;

namespace {

// Feeds `bytes` in pieces of `piece` bytes until the response ends; returns
// how many were consumed.
std::size_t feed_in_pieces(ResponseReader& reader, std::string_view bytes, std::size_t piece) {
    std::size_t used = 0;
    while (used < bytes.size() && reader.state() == State::reading)
        used += reader.feed(bytes.substr(used, piece));
    return used;
}

const std::string ember_reply =
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Ember-Duration-Us: 31.5\r\n"
    "x-ember-cold-start: TRUE\r\nServer-Timing: http;dur=0.018, sandbox;dur=0.031\r\n\r\nhello";

}  // namespace

TEST_CASE("emberd's reply is read whole or in pieces of any size", "[response_reader]") {
    for (std::size_t piece = 1; piece <= ember_reply.size(); ++piece) {
        ResponseReader reader;
        reader.start();
        INFO("pieces of " << piece);
        CHECK(feed_in_pieces(reader, ember_reply + "HTTP/1.1 200", piece) == ember_reply.size());
        REQUIRE(reader.state() == State::done);
        CHECK(reader.reply().status == 200);
        CHECK(reader.reply().ok());
        CHECK(reader.reply().sandbox_us == Approx(31.5));
        CHECK(reader.reply().cold_start);
        REQUIRE(reader.reply().server_timing.size() == 2);
        CHECK(reader.reply().server_timing[1].first == "sandbox");
        CHECK(reader.keep_alive());
    }
}

TEST_CASE("start() forgets the previous response", "[response_reader]") {
    ResponseReader reader;
    reader.start();
    reader.feed(ember_reply);
    reader.start();
    const std::string plain = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    CHECK(reader.feed(plain) == plain.size());
    REQUIRE(reader.state() == State::done);
    CHECK(reader.reply().status == 404);
    CHECK_FALSE(reader.reply().ok());
    CHECK_FALSE(reader.reply().sandbox_us.has_value());
    CHECK_FALSE(reader.reply().cold_start);
    CHECK(reader.reply().server_timing.empty());
}

TEST_CASE("a chunked body ends at its last chunk and trailer", "[response_reader]") {
    const std::string chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
    for (std::size_t piece = 1; piece <= chunked.size(); ++piece) {
        ResponseReader reader;
        reader.start();
        INFO("pieces of " << piece);
        CHECK(feed_in_pieces(reader, chunked + "tail", piece) == chunked.size());
        CHECK(reader.state() == State::done);
    }
}

TEST_CASE("responses without a body: HEAD, 204, 304", "[response_reader]") {
    ResponseReader reader;
    reader.start(true);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    CHECK(reader.feed(head + "next") == head.size());
    CHECK(reader.state() == State::done);
    for (const char* status : {"204 No Content", "304 Not Modified"}) {
        reader.start();
        reader.feed(std::string("HTTP/1.1 ") + status + "\r\n\r\n");
        CHECK(reader.state() == State::done);
    }
}

TEST_CASE("an interim 100 Continue is skipped", "[response_reader]") {
    ResponseReader reader;
    reader.start();
    reader.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
    REQUIRE(reader.state() == State::done);
    CHECK(reader.reply().status == 201);
}

TEST_CASE("keep-alive: HTTP/1.1 unless close, HTTP/1.0 only if asked", "[response_reader]") {
    ResponseReader reader;
    reader.start();
    reader.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    CHECK_FALSE(reader.keep_alive());
    reader.start();
    reader.feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    CHECK_FALSE(reader.keep_alive());
    reader.start();
    reader.feed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
    CHECK(reader.keep_alive());
}

TEST_CASE("malformed responses fail with a reason", "[response_reader]") {
    const char* const malformed[] = {
        "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1\r\n\r\n",
        "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nuntil close",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
    };
    for (const char* bytes : malformed) {
        ResponseReader reader;
        reader.start();
        reader.feed(bytes);
        INFO(bytes);
        CHECK(reader.state() == State::failed);
        CHECK_FALSE(reader.error().empty());
        CHECK_FALSE(reader.reply().transported());
        CHECK_FALSE(reader.keep_alive());
    }
}

TEST_CASE("a head or a chunk line without end fails once over its limit", "[response_reader]") {
    ResponseReader reader;
    reader.start();
    reader.feed("HTTP/1.1 200 OK\r\nX: ");
    std::size_t fed = 0;
    while (reader.state() == State::reading && fed <= ResponseReader::max_head) {
        reader.feed(std::string(1000, 'a'));
        fed += 1000;
    }
    CHECK(reader.state() == State::failed);
    reader.start();
    reader.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    reader.feed(std::string(ResponseReader::max_line + 1, '1'));
    CHECK(reader.state() == State::failed);
}
