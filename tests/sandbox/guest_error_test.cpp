#include "sandbox/guest_error.hpp"

#include <catch2/catch.hpp>

using namespace ember::sandbox;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

Layout test_layout() {
    return make_layout(SizeLimits{}, 0x110000);
}

}  // namespace

TEST_CASE("page faults say what, where and why", "[guest_error]") {
    const Layout l = test_layout();
    CHECK_THAT(describe_exception(14, 0x2, 0x201234, 0x0, l),
               Equals("page fault writing 0x0 at rip 0x201234 (null dereference)"));
    CHECK_THAT(describe_exception(14, 0x2, 0x100010, l.stack_start - 8, l),
               Contains("(stack overflow into the guard page)"));
    CHECK_THAT(describe_exception(14, 0x0, 0x100010, 0x40000000, l),
               Contains("reading 0x40000000") && Contains("(outside guest memory)"));
    CHECK_THAT(describe_exception(14, 0x11, 0x200000, 0x200000, l),
               Contains("executing 0x200000") && Contains("not executable"));
    CHECK_THAT(describe_exception(14, 0x3, 0x100010, 0x100020, l), Contains("read-only"));
}

TEST_CASE("other exceptions are named", "[guest_error]") {
    const Layout l = test_layout();
    CHECK_THAT(describe_exception(6, 0, 0x100004, 0, l), Equals("invalid opcode at rip 0x100004"));
    CHECK_THAT(describe_exception(13, 0x18, 0x100004, 0, l),
               Equals("general protection fault at rip 0x100004 (error code 0x18)"));
    CHECK_THAT(describe_exception(77, 0, 0x1, 0, l), Contains("exception vector 77"));
}
