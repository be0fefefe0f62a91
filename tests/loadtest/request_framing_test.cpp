// Tests of loadtest/request_framing.cpp: where ember-null-server's requests
// end, and which it refuses.
#include "loadtest/request_framing.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ember::loadtest;
using State = RequestFrame::State;

TEST_CASE("a GET is its head", "[request_framing]") {
    const std::string get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    const RequestFrame frame = frame_request(get + "GET /next");
    CHECK(frame.state == State::complete);
    CHECK(frame.size == get.size());
    CHECK_FALSE(frame.close);
}

TEST_CASE("a POST ends after its Content-Length body", "[request_framing]") {
    const std::string head = "POST /f HTTP/1.1\r\ncontent-length: 5\r\n\r\n";
    CHECK(frame_request(head + "hell").state == State::incomplete);
    const RequestFrame frame = frame_request(head + "helloGET");
    CHECK(frame.state == State::complete);
    CHECK(frame.size == head.size() + 5);
}

TEST_CASE("a head in pieces is incomplete until its blank line", "[request_framing]") {
    CHECK(frame_request("").state == State::incomplete);
    CHECK(frame_request("GET / HTTP/1.1\r\nHost: a\r\n").state == State::incomplete);
}

TEST_CASE("a HEAD is told apart: its reply has no body", "[request_framing]") {
    CHECK(frame_request("HEAD / HTTP/1.1\r\n\r\n").head);
    CHECK_FALSE(frame_request("GET /HEAD HTTP/1.1\r\n\r\n").head);
}

TEST_CASE("close: asked for, or HTTP/1.0 without keep-alive", "[request_framing]") {
    CHECK(frame_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").close);
    CHECK(frame_request("GET / HTTP/1.0\r\n\r\n").close);
    CHECK_FALSE(frame_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").close);
}

TEST_CASE("what the null server refuses", "[request_framing]") {
    CHECK(frame_request("GET /\r\n\r\n").state == State::invalid);
    CHECK(frame_request("GET / HTTP/2.0\r\n\r\n").state == State::invalid);
    CHECK(frame_request("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").state == State::invalid);
    CHECK(frame_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").state ==
          State::invalid);
    CHECK(frame_request("GET / HTTP/1.1\r\nno colon\r\n\r\n").state == State::invalid);
    CHECK(frame_request("POST / HTTP/1.1\r\nContent-Length: 67108865\r\n\r\n").state ==
          State::invalid);
    CHECK(frame_request(std::string(max_request_head + 1, 'a')).state == State::invalid);
    const std::string long_head = "GET / HTTP/1.1\r\nX: " + std::string(max_request_head, 'a');
    CHECK(frame_request(long_head + "\r\n\r\n").state == State::invalid);
}
