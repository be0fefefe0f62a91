// Tests of loadtest/spawn_filter.cpp: a process per call, stdin to stdout.
#include "loadtest/spawn_filter.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <system_error>

using ember::loadtest::run_filter;

namespace {

// run_filter's callers ignore SIGPIPE (see spawn_filter.hpp), as
// ember-cgi-server does: a program may exit without reading its input.
[[maybe_unused]] const bool sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

}  // namespace

TEST_CASE("cat echoes its input", "[spawn]") {
    const auto result = run_filter("/bin/cat", "hello");
    CHECK(result.exit_code == 0);
    CHECK(result.output == "hello");
}

TEST_CASE("an input larger than the pipes does not deadlock", "[spawn]") {
    std::string big(1 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4099)
        big[i] = static_cast<char>('a' + i % 26);
    const auto result = run_filter("/bin/cat", big);
    CHECK(result.output == big);
}

TEST_CASE("an empty input and a failing program", "[spawn]") {
    CHECK(run_filter("/bin/cat", "").output.empty());
    CHECK(run_filter("/bin/false", "ignored").exit_code == 1);
}

TEST_CASE("a program that does not exist is an error", "[spawn]") {
    CHECK_THROWS_AS(run_filter("/nonexistent/program", "x"), std::system_error);
}
