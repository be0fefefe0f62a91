// The Date header value (RFC 9110 section 5.6.7, IMF-fixdate).
#pragma once

#include <chrono>
#include <string>

namespace ember::http {

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace ember::http
