#include "base/base64.hpp"

#include <catch2/catch.hpp>

#include <string_view>

using namespace ember;

namespace {

std::string encode(std::string_view text) {
    return base64(std::as_bytes(std::span(text)));
}

}  // namespace

TEST_CASE("base64 of RFC 4648's test vectors", "[base64]") {
    CHECK(encode("") == "");
    CHECK(encode("f") == "Zg==");
    CHECK(encode("fo") == "Zm8=");
    CHECK(encode("foo") == "Zm9v");
    CHECK(encode("foob") == "Zm9vYg==");
    CHECK(encode("fooba") == "Zm9vYmE=");
    CHECK(encode("foobar") == "Zm9vYmFy");
    CHECK(encode(std::string_view("\xff\x00\x80", 3)) == "/wCA");
}

TEST_CASE("base64 of more than one chunk is one encoding", "[base64]") {
    const std::string big(3 * (1 << 20) + 2, 'a');
    const std::string encoded = encode(big);
    CHECK(encoded.size() == 4 * ((big.size() + 2) / 3));
    CHECK(encoded.find('=') == encoded.size() - 1);  // padding only at the very end
}
