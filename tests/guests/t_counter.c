/* The counter of examples/counter.c, plus handlers that bump it and then
 * fault or spin: the next call must still see the snapshot's value. */
#include "t_util.h"

static uint64_t counter;

EMBER_DEFAULT_HANDLER(count) {
    ember_append_u64(++counter);
}

EMBER_HANDLER(crash) {
    ++counter;
    *(volatile uint64_t*)opaque_ptr(0) = counter;
}

EMBER_HANDLER(spin) {
    ++counter;
    for (;;)
        __asm__ volatile("" ::: "memory");
}
