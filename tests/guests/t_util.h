/* Helpers shared by the test guests. */
#ifndef EMBER_TEST_GUEST_UTIL_H
#define EMBER_TEST_GUEST_UTIL_H

#include <ember/guest.h>

/* An address the compiler cannot reason about, so that a deliberately bad
 * access is emitted as written (not folded into ud2 or removed). */
static inline void* opaque_ptr(uintptr_t address) {
    __asm__("" : "+r"(address));
    return (void*)address;
}

/* Replies `n` bytes as lowercase hex, written into the output buffer. */
static inline void reply_hex(const uint8_t* bytes, size_t n) {
    static const char digits[] = "0123456789abcdef";
    size_t capacity;
    uint8_t* out = ember_output_buffer(&capacity);
    if (n > capacity / 2) n = capacity / 2;
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = (uint8_t)digits[bytes[i] >> 4];
        out[2 * i + 1] = (uint8_t)digits[bytes[i] & 15];
    }
    ember_output_commit(2 * n);
}

/* The well-behaved handler every test guest has: "ok" echoes its input, so a
 * test can check that a sandbox still works after a failed call. */
#define T_OK_HANDLER()                 \
    EMBER_HANDLER(ok) {                \
        ember_reply_bytes(input, len); \
    }

#endif
