// The guest memory layout.
#include "sandbox/layout.hpp"

#include <ember/abi.h>

#include <string>

namespace ember::sandbox {

namespace {

uint64_t page_up(uint64_t value) {
    return (value + EMBER_PAGE_SIZE - 1) & ~(EMBER_PAGE_SIZE - 1);
}

std::string mib(uint64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

void check_size(const char* what, uint64_t value, uint64_t min) {
    if (value < min || value % EMBER_PAGE_SIZE != 0) {
        throw LayoutError(std::string(what) + " must be a multiple of 4 KiB and at least " +
                          std::to_string(min) + " bytes (got " + std::to_string(value) + ")");
    }
}

}  // namespace

uint64_t image_limit(const SizeLimits& limits) {
    const uint64_t min = uint64_t{EMBER_MEMORY_MIN_MB} << 20;
    const uint64_t max = uint64_t{EMBER_MEMORY_MAX_MB} << 20;
    if (limits.memory_bytes < min || limits.memory_bytes > max ||
        limits.memory_bytes % (1ull << 20) != 0) {
        throw LayoutError("memory must be a whole number of MiB between " + mib(min) + " and " +
                          mib(max) + " (got " + std::to_string(limits.memory_bytes) + " bytes)");
    }
    check_size("stack size", limits.stack_bytes, EMBER_PAGE_SIZE);
    check_size("input buffer size", limits.input_bytes, EMBER_PAGE_SIZE);
    check_size("output buffer size", limits.output_bytes, EMBER_PAGE_SIZE);
    const uint64_t above_image = limits.output_bytes + limits.input_bytes + limits.stack_bytes +
                                 EMBER_PAGE_SIZE + min_heap_bytes;
    if (above_image > limits.memory_bytes - EMBER_IMAGE_BASE) {
        throw LayoutError(mib(limits.memory_bytes) + " of memory cannot hold a " +
                          std::to_string(limits.stack_bytes >> 10) + " KiB stack, " +
                          std::to_string(limits.input_bytes >> 10) + " KiB input and " +
                          std::to_string(limits.output_bytes >> 10) +
                          " KiB output buffers and a heap: give the function more memory");
    }
    return limits.memory_bytes - above_image;
}

Layout make_layout(const SizeLimits& limits, uint64_t image_end) {
    if (image_end > image_limit(limits)) {
        throw LayoutError("the ELF image leaves no room for the heap, stack and buffers");
    }
    Layout l{};
    l.memory_size = limits.memory_bytes;
    l.image_end = page_up(image_end);
    l.output_end = limits.memory_bytes;
    l.output_start = l.output_end - limits.output_bytes;
    l.input_end = l.output_start;
    l.input_start = l.input_end - limits.input_bytes;
    l.stack_end = l.input_start;
    l.stack_start = l.stack_end - limits.stack_bytes;
    l.heap_start = l.image_end;
    l.heap_end = l.stack_start - EMBER_PAGE_SIZE;
    return l;
}

}  // namespace ember::sandbox
