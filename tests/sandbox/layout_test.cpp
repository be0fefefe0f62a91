#include "sandbox/layout.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

using namespace ember::sandbox;
using Catch::Matchers::Contains;

TEST_CASE("layout stacks the regions from the top of memory down", "[layout]") {
    SizeLimits limits;  // 16 MiB, 256 KiB stack, 1 MiB buffers
    const Layout l = make_layout(limits, 0x123456);
    CHECK(l.output_end == 16ull << 20);
    CHECK(l.output_start == l.output_end - (1ull << 20));
    CHECK(l.input_end == l.output_start);
    CHECK(l.input_start == l.input_end - (1ull << 20));
    CHECK(l.stack_end == l.input_start);
    CHECK(l.stack_start == l.stack_end - (256ull << 10));
    CHECK(l.heap_end == l.stack_start - EMBER_PAGE_SIZE);  // the guard page
    CHECK(l.image_end == 0x124000);
    CHECK(l.heap_start == l.image_end);
    CHECK(l.heap_end - l.heap_start >= min_heap_bytes);
}

TEST_CASE("layout rejects memory sizes outside the supported range", "[layout]") {
    SizeLimits limits;
    limits.memory_bytes = 1ull << 20;
    CHECK_THROWS_WITH(image_limit(limits), Contains("between 2 MiB and 256 MiB"));
    limits.memory_bytes = 512ull << 20;
    CHECK_THROWS_AS(image_limit(limits), LayoutError);
    limits.memory_bytes = (16ull << 20) + 4096;
    CHECK_THROWS_AS(image_limit(limits), LayoutError);
}

TEST_CASE("layout rejects buffers that leave no room", "[layout]") {
    SizeLimits limits;
    limits.memory_bytes = 2ull << 20;
    CHECK_THROWS_WITH(image_limit(limits), Contains("give the function more memory"));
    limits.stack_bytes = 1000;
    CHECK_THROWS_WITH(image_limit(limits), Contains("stack size must be a multiple of 4 KiB"));
}

TEST_CASE("layout refuses an image past its limit", "[layout]") {
    SizeLimits limits;
    const uint64_t limit = image_limit(limits);
    CHECK_NOTHROW(make_layout(limits, limit));
    CHECK_THROWS_AS(make_layout(limits, limit + 1), LayoutError);
}
