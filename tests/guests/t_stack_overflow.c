/* Unbounded recursion, 1 KiB of locals per frame, until it hits the stack's
 * guard page: the #PF must still be reported (the handlers run on IST1). */
#include "t_util.h"

T_OK_HANDLER()

static __attribute__((noinline)) uint64_t dive(uint64_t depth) {
    volatile uint8_t frame[1024];
    frame[depth % sizeof frame] = (uint8_t)depth;
    if (depth == UINT64_MAX) return 0;
    return dive(depth + 1) + frame[depth % sizeof frame];
}

EMBER_DEFAULT_HANDLER(overflow) {
    ember_append_u64(dive(0));
}
