// Tests of http/query_string.cpp: decoding and splitting targets.
#include "http/query_string.hpp"

#include <catch2/catch.hpp>

namespace ember::http {
namespace {

TEST_CASE("percent_decode decodes escapes in either case", "[http][query]") {
    CHECK(percent_decode("a%20b%2fc%2F", false) == "a b/c/");
    CHECK(percent_decode("%e2%82%AC", false) == "\xE2\x82\xAC");
    CHECK(percent_decode("%00", false) == std::string(1, '\0'));
    CHECK(percent_decode("", false) == "");
}

TEST_CASE("percent_decode turns '+' into a space only when asked", "[http][query]") {
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK(percent_decode("a+b", false) == "a+b");
    CHECK(percent_decode("a%2Bb", true) == "a+b");
}

TEST_CASE("percent_decode rejects malformed escapes", "[http][query]") {
    CHECK_FALSE(percent_decode("%", false));
    CHECK_FALSE(percent_decode("%4", false));
    CHECK_FALSE(percent_decode("abc%", false));
    CHECK_FALSE(percent_decode("%zz", false));
    CHECK_FALSE(percent_decode("%4g", false));
}

TEST_CASE("parse_query keeps order, duplicates and valueless names", "[http][query]") {
    const auto query = parse_query("handler=up&x=1&x=2&flag&empty=&b=x%20y+z");
    REQUIRE(query);
    const Fields expected = {{"handler", "up"}, {"x", "1"},    {"x", "2"},
                             {"flag", ""},      {"empty", ""}, {"b", "x y z"}};
    CHECK(*query == expected);
}

TEST_CASE("parse_query skips empty pairs and splits at the first '='", "[http][query]") {
    const auto query = parse_query("&&a=b=c&&");
    REQUIRE(query);
    CHECK(*query == Fields{{"a", "b=c"}});
    CHECK(parse_query("")->empty());
}

TEST_CASE("parse_query rejects a malformed escape in a name or a value", "[http][query]") {
    CHECK_FALSE(parse_query("a=%zz"));
    CHECK_FALSE(parse_query("%=1"));
}

TEST_CASE("parse_target splits path and query", "[http][query]") {
    const auto target = parse_target("/v1/functions/echo/invoke?handler=up%2Dper");
    REQUIRE(target);
    CHECK(target->path == "/v1/functions/echo/invoke");
    CHECK(target->query == Fields{{"handler", "up-per"}});

    const auto bare = parse_target("/healthz");
    REQUIRE(bare);
    CHECK(bare->path == "/healthz");
    CHECK(bare->query.empty());

    const auto question_only = parse_target("/x?");
    REQUIRE(question_only);
    CHECK(question_only->path == "/x");
}

TEST_CASE("parse_target leaves the path encoded", "[http][query]") {
    CHECK(parse_target("/a%2Fb")->path == "/a%2Fb");
}

TEST_CASE("parse_target rejects targets that are not paths", "[http][query]") {
    CHECK_FALSE(parse_target(""));
    CHECK_FALSE(parse_target("*"));
    CHECK_FALSE(parse_target("http://example.com/x"));
    CHECK_FALSE(parse_target("/x?a=%"));
}

}  // namespace
}  // namespace ember::http
