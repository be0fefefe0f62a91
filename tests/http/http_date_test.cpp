// Tests of http/http_date.cpp against RFC 9110's own example.
#include "http/http_date.hpp"

#include <catch2/catch.hpp>

namespace ember::http {
namespace {

TEST_CASE("http_date formats IMF-fixdate", "[http][date]") {
    using std::chrono::seconds;
    using std::chrono::system_clock;
    CHECK(http_date(system_clock::time_point(seconds(0))) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http_date(system_clock::time_point(seconds(784111777))) ==
          "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace ember::http
