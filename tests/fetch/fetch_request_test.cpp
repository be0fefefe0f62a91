#include "fetch/fetch_request.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace ember::fetch;

namespace {

std::string refusal(const HeaderFields& headers) {
    try {
        check_request_headers(headers);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("a fetch's method is GET, POST, PUT or DELETE", "[fetch]") {
    for (const FetchMethod method :
         {FetchMethod::get, FetchMethod::post, FetchMethod::put, FetchMethod::del})
        CHECK(parse_method(to_string(method)) == method);
    for (const char* other : {"get", "HEAD", "PATCH", "CONNECT", "TRACE", "OPTIONS", ""})
        CHECK_FALSE(parse_method(other));
}

TEST_CASE("request headers are checked, and their values never quoted", "[fetch]") {
    CHECK(refusal({{"Authorization", "Bearer abc"}, {"X-Custom", "a\tb"}}) == "accepted");
    CHECK(refusal({{"X-Evil", "secret\r\nHost: other"}}) ==
          "request header X-Evil has a control character (CR, LF, NUL...) in its value");
    CHECK(refusal({{"X-Evil", std::string("secret\0", 7)}}).find("secret") == std::string::npos);
    CHECK(refusal({{"X Evil", "v"}}) == "request header name \"X Evil\" is not an HTTP token");
    CHECK(refusal({{"X-Evil\r\n", "v"}}) ==
          "request header name \"X-Evil\\r\\n\" is not an HTTP token");
    CHECK(refusal({{"", "v"}}) == "a request header has an empty name");
    for (const char* reserved :
         {"Host", "content-length", "Transfer-Encoding", "CONNECTION", "Keep-Alive", "Upgrade",
          "TE", "Trailer", "Expect", "Proxy-Connection"})
        CHECK(refusal({{reserved, "x"}}) == "request header " + std::string(reserved) +
                                                " is set by the fetch itself and may not be given");
    CHECK(refusal(HeaderFields(max_request_headers + 1, {"X-A", "b"})) ==
          "more than 100 request headers");
    CHECK(refusal({{"X-Big", std::string(max_request_header_bytes, 'v')}}) ==
          "the request headers take more than 65536 bytes");
}
