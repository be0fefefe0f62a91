/* A 16-byte marker looked for in all the memory a guest can read, for the
 * isolation guests: a call leaves it behind, a later call must not find it.
 * The scanning call is given the marker with every bit flipped, so that the
 * marker itself is only ever in registers while it scans. */
#ifndef EMBER_TEST_GUEST_MARKER_H
#define EMBER_TEST_GUEST_MARKER_H

#include <ember/guest.h>
#include <ember/libc.h>

#define MARK_BYTES 16

extern const char __ember_image_end[]; /* guest.ld */

/* Looks for the marker whose complement starts `flipped`, keeping the marker
 * itself only in registers. Skips the live part of this call's stack. */
static inline int scan_range(uintptr_t start, uintptr_t end, const uint8_t* flipped) {
    uint64_t m0, m1;
    memcpy(&m0, flipped, 8);
    memcpy(&m1, flipped + 8, 8);
    m0 = ~m0;
    m1 = ~m1;
    __asm__("" : "+r"(m0), "+r"(m1));
    for (uintptr_t p = start; p + MARK_BYTES <= end; ++p) {
        uint64_t a, b;
        memcpy(&a, (const void*)p, 8);
        if (a != m0) continue;
        memcpy(&b, (const void*)(p + 8), 8);
        if (b == m1) return 1;
    }
    return 0;
}

static inline const char* scan_all(const uint8_t* flipped) {
    const struct ember_boot* boot = ember_boot();
    uintptr_t live_stack = (uintptr_t)__builtin_frame_address(0) - 1024;
    struct {
        const char* name;
        uintptr_t start, end;
    } regions[] = {
        {"boot", EMBER_BOOT_GPA, EMBER_BOOT_GPA + EMBER_PAGE_SIZE},
        {"call", EMBER_CALL_GPA, EMBER_CALL_GPA + EMBER_PAGE_SIZE},
        {"image", EMBER_IMAGE_BASE, (uintptr_t)__ember_image_end},
        {"heap", boot->heap_start, boot->heap_end},
        {"stack", boot->stack_start, live_stack},
        {"input", boot->input_start + MARK_BYTES, boot->input_start + boot->input_size},
        {"output", boot->output_start, boot->output_start + boot->output_size},
    };
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; ++i) {
        if (scan_range(regions[i].start, regions[i].end, flipped)) return regions[i].name;
    }
    return 0;
}

#endif
