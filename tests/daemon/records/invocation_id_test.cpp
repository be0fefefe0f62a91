#include "daemon/records/invocation_id.hpp"

#include <catch2/catch.hpp>

using namespace ember::daemon;

TEST_CASE("invocation ids are 32 lowercase hex digits, fresh each time", "[records]") {
    const InvocationId a = InvocationId::random();
    const InvocationId b = InvocationId::random();
    CHECK(a.text().size() == 32);
    CHECK(a.text().find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK_FALSE(a == b);
    REQUIRE(InvocationId::parse(a.text()));
    CHECK(*InvocationId::parse(a.text()) == a);
}

TEST_CASE("only the 32-digit form parses", "[records]") {
    CHECK_FALSE(InvocationId::parse(""));
    CHECK_FALSE(InvocationId::parse(std::string(31, 'a')));
    CHECK_FALSE(InvocationId::parse(std::string(33, 'a')));
    CHECK_FALSE(InvocationId::parse(std::string(32, 'A')));
    CHECK_FALSE(InvocationId::parse(std::string(31, 'a') + "/"));
    CHECK(InvocationId::parse(std::string(32, '0')));
}
