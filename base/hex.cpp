// Hex encoding and strict decoding.
#include "base/hex.hpp"

namespace ember {

namespace {

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::string to_hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * bytes.size());
    for (const std::byte b : bytes) {
        const auto value = std::to_integer<unsigned>(b);
        hex += digits[value >> 4];
        hex += digits[value & 0xf];
    }
    return hex;
}

bool from_hex(std::string_view text, std::span<std::byte> out) {
    if (text.size() != 2 * out.size()) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = digit_value(text[2 * i]);
        const int low = digit_value(text[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        out[i] = static_cast<std::byte>(high * 16 + low);
    }
    return true;
}

}  // namespace ember
