// Tests base/sha256: known digests, and incremental == one-shot.
#include "base/sha256.hpp"

#include <catch2/catch.hpp>

#include <string_view>

using namespace ember;

namespace {

std::span<const std::byte> bytes_of(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

}  // namespace

TEST_CASE("sha256 of known inputs", "[sha256]") {
    CHECK(sha256_hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex(bytes_of("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 fed in pieces equals sha256 of the whole", "[sha256]") {
    Sha256 hash;
    hash.update(bytes_of("a"));
    hash.update(bytes_of("bc"));
    CHECK(hash.hex_digest() == sha256_hex(bytes_of("abc")));
}
