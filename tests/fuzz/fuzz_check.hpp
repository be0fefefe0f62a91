// What the fuzz targets share: a check that stops the run with a message,
// since a broken invariant must be a crash for libFuzzer to keep the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ember::fuzz {

inline void check(bool holds, const char* invariant) {
    if (holds) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", invariant);
    std::abort();
}

}  // namespace ember::fuzz
