// Reads the binary format's primitives (bytes, LEB128 integers, floats,
// names) from a bounded range. Every read checks the bounds; the first
// failure is recorded in the Error (as "malformed") and later reads return
// zeros, so a decoder can check ok() once per construct instead of per read.
// Running out of bytes reads "unexpected end of section or function", the
// spec interpreter's wording, of which the tests' "unexpected end" is a prefix.
#pragma once

#include "wasm/engine/error.hpp"

namespace ember::wasm {

class Reader {
  public:
    // `base` is the offset of `begin` within the module, for error offsets.
    Reader(const uint8_t* begin, const uint8_t* end, uint32_t base, Error& error)
        : begin_(begin), pos_(begin), end_(end), base_(base), error_(error) {}

    bool ok() const { return !error_; }
    bool at_end() const { return pos_ >= end_; }
    size_t remaining() const { return ok() ? static_cast<size_t>(end_ - pos_) : 0; }
    // The module offset of the next byte.
    uint32_t offset() const { return base_ + static_cast<uint32_t>(pos_ - begin_); }
    const uint8_t* position() const { return pos_; }
    Error& error() { return error_; }

    void fail(const char* message) { error_.set(ErrorKind::malformed, offset(), "%s", message); }

    uint8_t u8() {
        if (!ok()) return 0;
        if (pos_ >= end_) {
            fail(unexpected_end);
            return 0;
        }
        return *pos_++;
    }
    uint32_t u32() { return static_cast<uint32_t>(unsigned_leb(32)); }
    uint64_t u64() { return unsigned_leb(64); }
    int32_t s32() { return static_cast<int32_t>(signed_leb(32)); }
    int64_t s64() { return signed_leb(64); }
    // The 33-bit signed block type index.
    int64_t s33() { return signed_leb(33); }

    uint32_t f32_bits() {
        uint32_t bits = 0;
        for (int i = 0; i < 4; ++i)
            bits |= static_cast<uint32_t>(u8()) << (8 * i);
        return bits;
    }
    uint64_t f64_bits() {
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= static_cast<uint64_t>(u8()) << (8 * i);
        return bits;
    }

    // `n` raw bytes; null (and an error) when fewer remain.
    const uint8_t* bytes(size_t n) {
        if (!ok()) return nullptr;
        if (n > static_cast<size_t>(end_ - pos_)) {
            fail(unexpected_end);
            return nullptr;
        }
        const uint8_t* p = pos_;
        pos_ += n;
        return p;
    }

    // A sub-reader over the next `n` bytes, which this reader skips.
    Reader sub(size_t n, const char* too_long = "length out of bounds") {
        uint32_t at = offset();
        if (ok() && n > static_cast<size_t>(end_ - pos_)) fail(too_long);
        const uint8_t* p = ok() ? pos_ : end_;
        size_t len = ok() ? n : 0;
        pos_ = p + len;
        return Reader(p, p + len, at, error_);
    }

  private:
    static constexpr const char* unexpected_end = "unexpected end of section or function";

    uint64_t unsigned_leb(unsigned bits) {
        uint64_t result = 0;
        for (unsigned shift = 0;; shift += 7) {
            uint8_t byte = u8();
            if (!ok()) return 0;
            if (shift + 7 >= bits) {
                // The last byte allowed: no continuation, no bits beyond `bits`.
                if (byte & 0x80) {
                    fail("integer representation too long");
                    return 0;
                }
                if (bits - shift < 7 && (byte >> (bits - shift)) != 0) {
                    fail("integer too large");
                    return 0;
                }
                return result | (static_cast<uint64_t>(byte) << shift);
            }
            result |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return result;
        }
    }

    int64_t signed_leb(unsigned bits) {
        uint64_t result = 0;
        for (unsigned shift = 0;; shift += 7) {
            uint8_t byte = u8();
            if (!ok()) return 0;
            if (shift + 7 >= bits) {
                if (byte & 0x80) {
                    fail("integer representation too long");
                    return 0;
                }
                // The bits above the value's own must all equal its sign bit.
                unsigned used = bits - shift;  // 1..7 value bits in this byte
                uint8_t high = static_cast<uint8_t>((0x7fu >> (used - 1)) << (used - 1));
                if ((byte & high) != 0 && (byte & high) != high) {
                    fail("integer too large");
                    return 0;
                }
                result |= static_cast<uint64_t>(byte & 0x7f) << shift;
                unsigned total = shift + 7;
                if (total < 64 && (byte & 0x40)) result |= ~uint64_t{0} << total;
                return static_cast<int64_t>(result);
            }
            result |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                unsigned total = shift + 7;
                if (total < 64 && (byte & 0x40)) result |= ~uint64_t{0} << total;
                return static_cast<int64_t>(result);
            }
        }
    }

    const uint8_t* begin_;
    const uint8_t* pos_;
    const uint8_t* end_;
    uint32_t base_;
    Error& error_;
};

}  // namespace ember::wasm
