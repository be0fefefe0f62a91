#include "sandbox/guest_error.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

using namespace ember::sandbox;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

Layout test_layout() {
    return make_layout(SizeLimits{}, 0x110000);
}

std::string describe(uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t cr2,
                     std::string instruction = "", bool in_stub = false) {
    ExceptionReport report;
    report.vector = vector;
    report.error_code = error_code;
    report.rip = rip;
    report.cr2 = cr2;
    report.instruction = std::move(instruction);
    report.in_stub = in_stub;
    return describe_exception(report, test_layout());
}

}  // namespace

TEST_CASE("page faults say what, where and why", "[guest_error]") {
    const Layout l = test_layout();
    CHECK_THAT(describe(14, 0x6, 0x201234, 0x0),
               Equals("page fault writing 0x0 at rip 0x201234 (null dereference)"));
    CHECK_THAT(describe(14, 0x6, 0x100010, l.stack_start - 8),
               Contains("(stack overflow into the guard page)"));
    CHECK_THAT(describe(14, 0x4, 0x100010, 0x40000000),
               Contains("reading 0x40000000") && Contains("(outside guest memory)"));
    CHECK_THAT(describe(14, 0x15, 0x200000, 0x200000),
               Contains("executing 0x200000") && Contains("not executable"));
    CHECK_THAT(describe(14, 0x7, 0x100010, 0x100020), Contains("read-only"));
}

TEST_CASE("page faults on Ember's own pages name them", "[guest_error]") {
    CHECK_THAT(describe(14, 0x7, 0x100010, EMBER_BOOT_GPA + 8), Contains("(read-only boot block)"));
    for (uint64_t address : {EMBER_SYSTEM_TABLES_GPA, EMBER_EXCEPTION_STUB_GPA,
                             EMBER_EXCEPTION_STACK_GPA, EMBER_PAGE_TABLES_GPA}) {
        CHECK_THAT(describe(14, 0x7, 0x100010, address), Contains("(supervisor-only memory)"));
    }
}

TEST_CASE("other exceptions are named", "[guest_error]") {
    CHECK_THAT(describe(6, 0, 0x100004, 0), Equals("invalid opcode at rip 0x100004"));
    CHECK_THAT(describe(13, 0x18, 0x100004, 0),
               Equals("general protection fault at rip 0x100004 (error code 0x18)"));
    CHECK_THAT(describe(77, 0, 0x1, 0), Contains("exception vector 77"));
}

TEST_CASE("a privileged instruction is named instead of the error code", "[guest_error]") {
    CHECK_THAT(describe(13, 0, 0x100004, 0, "privileged instruction wrmsr"),
               Equals("general protection fault at rip 0x100004: privileged instruction wrmsr"));
}

TEST_CASE("a fault inside the exception stub says so", "[guest_error]") {
    CHECK_THAT(describe(13, 0, 0x4010, 0, "", true),
               Contains("Ember's exception stub failed: general protection fault"));
}
