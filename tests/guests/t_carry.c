/* Carry-over: each "put" handler leaves something behind, each "get"
 * handler replies what it finds. After a put, the next call's get must
 * find the snapshot's state.
 *   random_put/get     host `random` results steered into a global
 *   fpu_put/get        x87, SSE (xmm0-15, MXCSR) and, with AVX, the upper
 *                      halves of ymm0-15
 *   seg_put/get        data segment selectors and the FS/GS bases
 *   mark_put/get       a 16-byte marker (put's input) left in globals, heap,
 *                      deep stack, output and input buffers; get (input: the
 *                      marker with every bit flipped) scans all the memory
 *                      the guest can read for it
 *   mark_selftest      stores the marker and scans in the same call: must
 *                      find it, or the scan proves nothing
 *   input_tail         replies "clean" when the input buffer past this
 *                      call's input holds only zeros, as in the snapshot */
#include "t_marker.h"
#include "t_util.h"

T_OK_HANDLER()

/* ---- steered host-function results ---- */

static uint8_t secret[32];

EMBER_HANDLER(random_put) {
    int64_t n = ember_random(secret, sizeof secret);
    ember_printf("random returned %lld: ", (long long)n);
    for (size_t i = 0; i < sizeof secret; ++i)
        ember_printf("%02x", secret[i]);
}

EMBER_DEFAULT_HANDLER(random_get) {
    reply_hex(secret, sizeof secret);
}

/* ---- FPU, SSE, AVX ---- */

#define PATTERN 0x5CA1AB1E0DDBA11ull

static int has_avx(void) {
    uint32_t a, b, c, d;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    return (c & (1u << 28)) && (c & (1u << 27));
}

EMBER_HANDLER(fpu_put) {
    static const uint64_t pattern[4]
        __attribute__((aligned(32))) = {PATTERN, PATTERN, PATTERN, PATTERN};
    __asm__ volatile(
        "movdqa %0, %%xmm0\n\tmovdqa %0, %%xmm1\n\tmovdqa %0, %%xmm2\n\tmovdqa %0, %%xmm3\n\t"
        "movdqa %0, %%xmm4\n\tmovdqa %0, %%xmm5\n\tmovdqa %0, %%xmm6\n\tmovdqa %0, %%xmm7\n\t"
        "movdqa %0, %%xmm8\n\tmovdqa %0, %%xmm9\n\tmovdqa %0, %%xmm10\n\tmovdqa %0, %%xmm11\n\t"
        "movdqa %0, %%xmm12\n\tmovdqa %0, %%xmm13\n\tmovdqa %0, %%xmm14\n\tmovdqa %0, %%xmm15"
        :
        : "m"(pattern)
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    uint32_t mxcsr = 0xff80; /* round to zero, flush to zero, all masked */
    __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
    __asm__ volatile("fld1\n\tfldpi\n\tfldl2e" : : : "st", "st(1)", "st(2)");
    if (has_avx()) {
        __asm__ volatile(
            "vbroadcastsd %0, %%ymm0\n\tvbroadcastsd %0, %%ymm7\n\t"
            "vbroadcastsd %0, %%ymm15"
            :
            : "m"(pattern[0])
            : "xmm0", "xmm7", "xmm15");
    }
    ember_reply_str(has_avx() ? "dirtied x87 sse avx" : "dirtied x87 sse");
}

static uint8_t fx[512] __attribute__((aligned(16)));
static uint64_t ymm_high[16][2] __attribute__((aligned(16)));

EMBER_HANDLER(fpu_get) {
    __asm__ volatile("fxsave %0" : "=m"(fx));
    int avx = has_avx();
    if (avx) {
        __asm__ volatile(
            "vextractf128 $1, %%ymm0, 0(%0)\n\tvextractf128 $1, %%ymm1, 16(%0)\n\t"
            "vextractf128 $1, %%ymm2, 32(%0)\n\tvextractf128 $1, %%ymm3, 48(%0)\n\t"
            "vextractf128 $1, %%ymm4, 64(%0)\n\tvextractf128 $1, %%ymm5, 80(%0)\n\t"
            "vextractf128 $1, %%ymm6, 96(%0)\n\tvextractf128 $1, %%ymm7, 112(%0)\n\t"
            "vextractf128 $1, %%ymm8, 128(%0)\n\tvextractf128 $1, %%ymm9, 144(%0)\n\t"
            "vextractf128 $1, %%ymm10, 160(%0)\n\tvextractf128 $1, %%ymm11, 176(%0)\n\t"
            "vextractf128 $1, %%ymm12, 192(%0)\n\tvextractf128 $1, %%ymm13, 208(%0)\n\t"
            "vextractf128 $1, %%ymm14, 224(%0)\n\tvextractf128 $1, %%ymm15, 240(%0)"
            :
            : "r"(ymm_high)
            : "memory");
    }
    unsigned xmm_dirty = 0, ymm_dirty = 0;
    for (int i = 0; i < 16; ++i) {
        uint64_t v;
        memcpy(&v, fx + 160 + 16 * i, sizeof v);
        xmm_dirty += v == PATTERN;
        ymm_dirty += ymm_high[i][0] == PATTERN;
    }
    uint32_t mxcsr;
    memcpy(&mxcsr, fx + 24, sizeof mxcsr);
    uint8_t x87_tags = fx[4]; /* abridged tag word: a set bit is a full register */
    ember_printf("xmm=%s ymm=%s mxcsr=0x%x x87=%s", xmm_dirty ? "dirty" : "clean",
                 ymm_dirty ? "dirty" : "clean", mxcsr, x87_tags ? "dirty" : "clean");
}

/* ---- segment selectors and bases ---- */

static volatile uint64_t probe = 0x1234567890abcdefull;

EMBER_HANDLER(seg_put) {
    __asm__ volatile("movw %w0, %%ds\n\tmovw %w0, %%es\n\tmovw %w0, %%fs\n\tmovw %w0, %%gs"
                     :
                     : "r"(0)
                     : "memory");
    ember_reply_str("loaded null selectors");
}

static uint16_t selector(int which) {
    uint16_t s = 0;
    switch (which) {
        case 0:
            __asm__ volatile("movw %%ds, %0" : "=r"(s));
            break;
        case 1:
            __asm__ volatile("movw %%es, %0" : "=r"(s));
            break;
        case 2:
            __asm__ volatile("movw %%fs, %0" : "=r"(s));
            break;
        default:
            __asm__ volatile("movw %%gs, %0" : "=r"(s));
            break;
    }
    return s;
}

EMBER_HANDLER(seg_get) {
    uint64_t via_fs, via_gs;
    __asm__ volatile("movq %%fs:(%1), %0" : "=r"(via_fs) : "r"(&probe));
    __asm__ volatile("movq %%gs:(%1), %0" : "=r"(via_gs) : "r"(&probe));
    ember_printf("ds=0x%x es=0x%x fs=0x%x gs=0x%x fsbase=%s gsbase=%s", selector(0), selector(1),
                 selector(2), selector(3), via_fs == probe ? "0" : "moved",
                 via_gs == probe ? "0" : "moved");
}

/* ---- a marker anywhere in readable memory ---- */

static uint8_t mark_global[64];

static void __attribute__((noinline)) mark_deep_stack(const uint8_t* mark) {
    volatile uint8_t deep[16384];
    for (size_t at = 0; at < sizeof deep; at += 4096)
        for (size_t i = 0; i < MARK_BYTES; ++i)
            deep[at + i] = mark[i];
    __asm__ volatile("" : : "r"(deep) : "memory");
}

static void mark_everywhere(const uint8_t* mark) {
    memcpy(mark_global + 8, mark, MARK_BYTES);
    uint8_t* heap = malloc(4096);
    if (heap) memcpy(heap + 100, mark, MARK_BYTES);
    mark_deep_stack(mark);
    size_t cap;
    uint8_t* out = ember_output_buffer(&cap);
    memcpy(out + 256, mark, MARK_BYTES);
}

EMBER_HANDLER(mark_put) {
    if (len < MARK_BYTES) ember_abort("mark_put needs a 16-byte marker");
    mark_everywhere(input);
    ember_reply_str("marked");
}

EMBER_HANDLER(mark_get) {
    if (len < MARK_BYTES) ember_abort("mark_get needs the flipped marker");
    const char* found = scan_all(input);
    ember_printf("%s%s", found ? "found in " : "clean", found ? found : "");
}

EMBER_HANDLER(mark_selftest) {
    if (len < 2 * MARK_BYTES) ember_abort("mark_selftest needs marker + flipped marker");
    mark_everywhere(input);
    const char* found = scan_all(input + MARK_BYTES);
    ember_printf("%s%s", found ? "found in " : "clean", found ? found : "");
}

/* ---- the input buffer beyond this call's input ---- */

EMBER_HANDLER(input_tail) {
    const struct ember_boot* boot = ember_boot();
    const uint8_t* tail = (const uint8_t*)(uintptr_t)boot->input_start + len;
    size_t dirty = 0;
    for (size_t i = 0; i < boot->input_size - len; ++i)
        dirty += tail[i] != 0;
    if (dirty)
        ember_printf("dirty (%zu bytes)", dirty);
    else
        ember_reply_str("clean");
}
