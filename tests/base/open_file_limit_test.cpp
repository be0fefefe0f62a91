// Tests of base/open_file_limit.cpp: the soft limit goes up to the hard one.
#include "base/open_file_limit.hpp"

#include <sys/resource.h>

#include <catch2/catch.hpp>

namespace ember {
namespace {

TEST_CASE("the soft open file limit is raised to the hard one", "[base]") {
    rlimit original{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &original) == 0);
    // Lowering the soft limit needs no privilege.
    rlimit lowered = original;
    lowered.rlim_cur = 256;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);

    const std::size_t limit = raise_open_file_limit();
    rlimit now{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
    CHECK(now.rlim_cur == original.rlim_max);
    CHECK(limit == now.rlim_cur);
    ::setrlimit(RLIMIT_NOFILE, &original);
}

}  // namespace
}  // namespace ember
