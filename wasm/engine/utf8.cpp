#include "wasm/engine/utf8.hpp"

namespace ember::wasm {

namespace {

bool is_continuation(uint8_t byte) {
    return (byte & 0xc0) == 0x80;
}

// The length of the sequence that starts with `lead`, 0 when no sequence may
// start with it; `low` and `high` bound the second byte, which is where
// overlong forms, surrogates and code points past U+10FFFF show.
size_t sequence_length(uint8_t lead, uint8_t& low, uint8_t& high) {
    low = 0x80;
    high = 0xbf;
    if (lead < 0x80) return 1;
    if (lead < 0xc2) return 0;  // a continuation byte, or an overlong 2-byte form
    if (lead < 0xe0) return 2;
    if (lead < 0xf0) {
        if (lead == 0xe0) low = 0xa0;   // overlong
        if (lead == 0xed) high = 0x9f;  // U+D800..U+DFFF, the surrogates
        return 3;
    }
    if (lead < 0xf5) {
        if (lead == 0xf0) low = 0x90;   // overlong
        if (lead == 0xf4) high = 0x8f;  // past U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace

bool is_valid_utf8(const uint8_t* bytes, size_t size) {
    size_t i = 0;
    while (i < size) {
        uint8_t low = 0;
        uint8_t high = 0;
        size_t n = sequence_length(bytes[i], low, high);
        if (n == 0 || n > size - i) return false;
        if (n > 1 && (bytes[i + 1] < low || bytes[i + 1] > high)) return false;
        for (size_t k = 2; k < n; ++k)
            if (!is_continuation(bytes[i + k])) return false;
        i += n;
    }
    return true;
}

}  // namespace ember::wasm
