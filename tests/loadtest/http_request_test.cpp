// Tests of loadtest/http_request.cpp: the bytes ember-load sends.
#include "loadtest/http_request.hpp"

#include <catch2/catch.hpp>

using namespace ember;
using namespace ember::loadtest;

TEST_CASE("a GET has no Content-Length", "[http_request]") {
    const Url url = parse_url("http://127.0.0.1:8080/healthz?x=1");
    CHECK(format_request(url, RequestSpec{}) ==
          "GET /healthz?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ember-load\r\n\r\n");
}

TEST_CASE("a POST carries its headers in order, its length and its body", "[http_request]") {
    RequestSpec spec;
    spec.method = "POST";
    spec.body = "hello";
    spec.headers = {{"X-B", "2"}, {"Authorization", "Bearer t"}};
    CHECK(format_request(parse_url("http://host/f/invoke"), spec) ==
          "POST /f/invoke HTTP/1.1\r\nHost: host\r\nUser-Agent: ember-load\r\nX-B: 2\r\n"
          "Authorization: Bearer t\r\nContent-Length: 5\r\n\r\nhello");
}

TEST_CASE("an empty POST says its length is 0", "[http_request]") {
    RequestSpec spec;
    spec.method = "POST";
    CHECK(format_request(parse_url("http://h/"), spec).find("Content-Length: 0\r\n\r\n") !=
          std::string::npos);
}
