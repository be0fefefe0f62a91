// Tests of cli/api_client.cpp that need no server; the commands' tests drive
// the rest through a scripted emberd.
#include "cli/api_client.hpp"

#include <catch2/catch.hpp>

namespace ember::cli {
namespace {

TEST_CASE("percent-encoding keeps only unreserved characters", "[cli]") {
    CHECK(percent_encode("echo_1-a.b~") == "echo_1-a.b~");
    CHECK(percent_encode("a b/c?d&e=f%") == "a%20b%2Fc%3Fd%26e%3Df%25");
    CHECK(percent_encode("\xff") == "%FF");
}

}  // namespace
}  // namespace ember::cli
