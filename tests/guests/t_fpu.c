/* Floating point in ring 3, and FPU state isolation.
 *   compute (default)  sqrt(2) in doubles, replied in millionths ("1414213")
 *   format             the input is "FORMAT|BITS": replies FORMAT applied to
 *                      the double whose bits are BITS (see below)
 *   dirty              fills xmm0-15 with a pattern and sets MXCSR to 0xff80
 *                      (round to zero, flush to zero) through fxrstor
 *   check              replies "xmm=clean mxcsr=0x1f80" when the FPU state
 *                      was restored after `dirty` */
#include "t_util.h"

T_OK_HANDLER()

#define XMM_PATTERN 0xF00DFACECAFEBEEFull
#define MXCSR_OFFSET 24
#define XMM_OFFSET 160

static uint8_t fx[512] __attribute__((aligned(16)));

static void fx_save(void) {
    __asm__ volatile("fxsave %0" : "=m"(fx));
}
static void fx_restore(void) {
    __asm__ volatile("fxrstor %0" : : "m"(fx));
}

EMBER_DEFAULT_HANDLER(compute) {
    volatile double two = 2.0;
    double r = 1.0;
    for (int i = 0; i < 8; ++i)
        r = 0.5 * (r + two / r);
    ember_append_u64((uint64_t)(r * 1e6));
}

/* The value arrives as the 16 hex digits of the double's bits, so that the
 * test needs no float parser in the guest: "%.3f|400921f9f01b866e". */
EMBER_HANDLER(format) {
    char fmt[64];
    if (len < 17 || input[len - 17] != '|' || len - 17 >= sizeof fmt)
        ember_abort("expected FORMAT|16 hex digits");
    size_t bar = len - 17;
    memcpy(fmt, input, bar);
    fmt[bar] = '\0';
    uint64_t bits = 0;
    for (size_t i = bar + 1; i < len; ++i) {
        char c = (char)input[i];
        bits = bits << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    double value;
    memcpy(&value, &bits, sizeof value);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    ember_printf(fmt, value);
#pragma GCC diagnostic pop
}

EMBER_HANDLER(dirty) {
    fx_save();
    uint32_t mxcsr = 0x1f80 | (3u << 13) | (1u << 15);
    memcpy(fx + MXCSR_OFFSET, &mxcsr, sizeof mxcsr);
    for (int i = 0; i < 32; ++i) {
        uint64_t v = XMM_PATTERN;
        memcpy(fx + XMM_OFFSET + 8 * i, &v, sizeof v);
    }
    fx_restore();
    ember_reply_str("dirtied");
}

EMBER_HANDLER(check) {
    fx_save();
    unsigned dirty = 0;
    for (int i = 0; i < 16; ++i) {
        uint64_t v;
        memcpy(&v, fx + XMM_OFFSET + 16 * i, sizeof v);
        dirty += v == XMM_PATTERN;
    }
    uint32_t mxcsr;
    memcpy(&mxcsr, fx + MXCSR_OFFSET, sizeof mxcsr);
    if (dirty)
        ember_printf("xmm=dirty(%u) mxcsr=0x%x", dirty, mxcsr);
    else
        ember_printf("xmm=clean mxcsr=0x%x", mxcsr);
}
