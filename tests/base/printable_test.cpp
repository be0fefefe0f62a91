#include "base/printable.hpp"

#include <catch2/catch.hpp>

using ember::printable;

TEST_CASE("printable escapes control characters and the backslash", "[base]") {
    CHECK(printable("plain text, UTF-8 \xc3\xa9") == "plain text, UTF-8 \xc3\xa9");
    CHECK(printable("a\nb\rc\td") == "a\\nb\\rc\\td");
    CHECK(printable(std::string("\0\x1b[2J\x7f", 6)) == "\\x00\\x1b[2J\\x7f");
    CHECK(printable("back\\slash") == "back\\\\slash");
    // A forged log line stays on the guest's line.
    CHECK(printable("ok\n2026-11-30T10:00:00.000 info deployed payroll version 9") ==
          "ok\\n2026-11-30T10:00:00.000 info deployed payroll version 9");
}
