// Tests that cannot run on this machine end as "skipped", never as passed:
// the process exits with skip_exit_status, which ctest reports as skipped
// (SKIP_RETURN_CODE, set in tests/CMakeLists.txt). ctest runs one test case
// per process, so a skip ends only that case. A skip is for a capability the
// machine lacks (no /dev/kvm, no right to mount, no IPv6 loopback), never
// for an unexpected error: those fail.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace ember::test {

inline constexpr int skip_exit_status = 77;

[[noreturn]] inline void skip_test(const std::string& why) {
    std::fflush(stdout);
    std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
    std::fflush(stderr);
    std::_Exit(skip_exit_status);
}

inline bool kvm_available() {
    return ::access("/dev/kvm", R_OK | W_OK) == 0;
}

}  // namespace ember::test

// Tests tagged [kvm] start with this.
#define REQUIRE_KVM()                                                              \
    do {                                                                           \
        if (!::ember::test::kvm_available())                                       \
            ::ember::test::skip_test("/dev/kvm is not available on this machine"); \
    } while (false)
