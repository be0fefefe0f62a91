#include "sandbox/page_rights.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

using namespace ember::sandbox;

TEST_CASE("page rights allow exactly the granted pages", "[page_rights]") {
    PageRights rights(16 * EMBER_PAGE_SIZE);
    rights.grant(2 * EMBER_PAGE_SIZE, 4 * EMBER_PAGE_SIZE, false);
    rights.grant(4 * EMBER_PAGE_SIZE, 6 * EMBER_PAGE_SIZE, true);

    CHECK(rights.readable(Gpa{2 * EMBER_PAGE_SIZE}, 4 * EMBER_PAGE_SIZE));
    CHECK_FALSE(rights.writable(Gpa{2 * EMBER_PAGE_SIZE}, 8));
    CHECK(rights.writable(Gpa{4 * EMBER_PAGE_SIZE + 8}, EMBER_PAGE_SIZE));
    // One byte over either edge of the granted ranges.
    CHECK_FALSE(rights.readable(Gpa{2 * EMBER_PAGE_SIZE - 1}, 2));
    CHECK_FALSE(rights.readable(Gpa{6 * EMBER_PAGE_SIZE - 1}, 2));
    CHECK_FALSE(rights.writable(Gpa{4 * EMBER_PAGE_SIZE - 1}, 2));
    CHECK_FALSE(rights.readable(Gpa{0}, 1));
}

TEST_CASE("page rights reject ranges outside memory and wrapping lengths", "[page_rights]") {
    PageRights rights(4 * EMBER_PAGE_SIZE);
    rights.grant(0, 4 * EMBER_PAGE_SIZE, true);
    CHECK(rights.writable(Gpa{0}, 4 * EMBER_PAGE_SIZE));
    CHECK_FALSE(rights.readable(Gpa{0}, 4 * EMBER_PAGE_SIZE + 1));
    CHECK_FALSE(rights.readable(Gpa{8}, UINT64_MAX));
    CHECK_FALSE(rights.readable(Gpa{UINT64_MAX}, 2));
    // Empty ranges need only lie within memory.
    CHECK(rights.readable(Gpa{4 * EMBER_PAGE_SIZE}, 0));
    CHECK_FALSE(rights.readable(Gpa{4 * EMBER_PAGE_SIZE + 1}, 0));
    CHECK_THROWS(rights.grant(0, 5 * EMBER_PAGE_SIZE, true));
    CHECK_THROWS(rights.grant(8, EMBER_PAGE_SIZE, true));
}

TEST_CASE("no page is readable until granted", "[page_rights]") {
    PageRights rights(4 * EMBER_PAGE_SIZE);
    CHECK_FALSE(rights.readable(Gpa{EMBER_PAGE_SIZE}, 1));
    CHECK(rights.readable(Gpa{EMBER_PAGE_SIZE}, 0));
}
