// Tests daemon/function_name: the API's name rule, edge by edge.
#include "daemon/config/function_name.hpp"

#include <catch2/catch.hpp>

#include <string>

using ember::daemon::valid_function_name;

TEST_CASE("valid function names", "[function_name]") {
    for (const char* name : {"a", "0", "echo", "my-func_2", "9lives", "a-", "a_"}) {
        CHECK(valid_function_name(name));
    }
    CHECK(valid_function_name(std::string(63, 'x')));
}

TEST_CASE("invalid function names", "[function_name]") {
    for (const char* name :
         {"", "-a", "_a", "Echo", "a.b", "a/b", "..", ".", "a b", "a\n", "caf\xc3\xa9"}) {
        CHECK_FALSE(valid_function_name(name));
    }
    CHECK_FALSE(valid_function_name(std::string(64, 'x')));
    CHECK_FALSE(valid_function_name(std::string_view("a\0b", 3)));
}
