// Tests of cli/json_text.cpp.
#include "cli/json_text.hpp"

#include <catch2/catch.hpp>

namespace ember::cli {
namespace {

TEST_CASE("JSON values as text for people", "[cli]") {
    CHECK(to_text("echo") == "echo");
    CHECK(to_text(3) == "3");
    CHECK(to_text(0.25) == "0.25");
    CHECK(to_text(true) == "yes");
    CHECK(to_text(nullptr) == "-");
    CHECK(to_text(nlohmann::json::array({"log", "clock"})) == "log, clock");
    CHECK(to_text(nlohmann::json::array()) == "-");
    CHECK(to_text({{"kind", "page_fault"}, {"type", "guest_error"}}) ==
          "kind page_fault, type guest_error");
}

TEST_CASE("a missing field is a dash, not a failure", "[cli]") {
    const nlohmann::json d = {{"name", "echo"}, {"pool", {{"ready", 2}}}};
    CHECK(field_text(d, "name") == "echo");
    CHECK(field_text(d, "nope") == "-");
    CHECK(field_text(field(d, "pool"), "ready") == "2");
    CHECK(field_text(field(d, "stats"), "invocations") == "-");
    CHECK(field_text(nlohmann::json::array(), "name") == "-");
}

}  // namespace
}  // namespace ember::cli
