#include "base/hex.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace ember;

TEST_CASE("hex round-trips bytes and decodes only lowercase of the exact length", "[hex]") {
    const std::array<std::byte, 3> bytes{std::byte{0x00}, std::byte{0xab}, std::byte{0xff}};
    CHECK(to_hex(bytes) == "00abff");
    std::array<std::byte, 3> out{};
    CHECK(from_hex("00abff", out));
    CHECK(out == bytes);
    CHECK_FALSE(from_hex("00ABFF", out));
    CHECK_FALSE(from_hex("00abf", out));
    CHECK_FALSE(from_hex("00abff00", out));
    CHECK_FALSE(from_hex("00abfg", out));
    CHECK_FALSE(from_hex("-0abff", out));
}
