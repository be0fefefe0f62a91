// Where everything lives in a sandbox's guest memory (see the map in
// guest-sdk/include/ember/abi.h): computed once per image from its size
// limits and the end of its ELF image.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace ember::sandbox {

struct SizeLimits {
    uint64_t memory_bytes = 16ull << 20;
    uint64_t stack_bytes = 256ull << 10;
    uint64_t input_bytes = 1ull << 20;   // capacity of the input buffer
    uint64_t output_bytes = 1ull << 20;  // capacity of the output buffer
};

struct Layout {
    uint64_t memory_size;
    uint64_t image_end;
    uint64_t heap_start, heap_end;
    uint64_t stack_start, stack_end;  // the guard page is just below stack_start
    uint64_t input_start, input_end;
    uint64_t output_start, output_end;
};

class LayoutError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The heap every guest gets at the least.
inline constexpr uint64_t min_heap_bytes = 64ull << 10;

// Checks the limits (memory within EMBER_MEMORY_MIN_MB..MAX_MB, page-aligned
// sizes, room for them all) and returns the highest address the ELF image may
// reach. Throws LayoutError saying which limit does not fit.
uint64_t image_limit(const SizeLimits& limits);

// The layout for an image ending at `image_end` (<= image_limit(limits)).
Layout make_layout(const SizeLimits& limits, uint64_t image_end);

}  // namespace ember::sandbox
