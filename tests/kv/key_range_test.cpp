#include "kv/key_range.hpp"

#include <catch2/catch.hpp>

#include <string>

using ember::kv::prefix_end;

TEST_CASE("prefix_end increments the last byte that can be", "[kv]") {
    CHECK(prefix_end("ab") == std::string("ac"));
    CHECK(prefix_end(std::string("a\xff", 2)) == std::string("b"));
    CHECK(prefix_end(std::string("a\0", 2)) == std::string("a\x01", 2));
    CHECK(prefix_end(std::string("\x7f\xff\xff", 3)) == std::string("\x80"));
}

TEST_CASE("prefix_end of an empty prefix or of 0xff bytes only is unbounded", "[kv]") {
    CHECK_FALSE(prefix_end(""));
    CHECK_FALSE(prefix_end(std::string("\xff\xff", 2)));
}
