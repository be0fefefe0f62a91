#include "base/random_bytes.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <set>
#include <thread>

using namespace ember;

TEST_CASE("random bytes do not repeat, across threads and buffer refills", "[random_bytes]") {
    std::set<std::array<std::byte, 16>> seen;
    // More than one 4 KiB buffer's worth.
    for (int i = 0; i < 1000; ++i) {
        std::array<std::byte, 16> id;
        random_bytes(id);
        CHECK(seen.insert(id).second);
    }
    std::array<std::byte, 16> other;
    std::thread([&] { random_bytes(other); }).join();
    CHECK(seen.insert(other).second);
}
