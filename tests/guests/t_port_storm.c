/* Floods an unknown port (0x80) with `out`s; the first one must end the call. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(storm) {
    for (uint32_t i = 0; i < 1000000; ++i)
        __asm__ volatile("outb %%al, $0x80" : : "a"(i));
    ember_reply_str("survived the storm");
}

/* The same with `in`. */
EMBER_HANDLER(in) {
    uint8_t v;
    __asm__ volatile("inb $0x80, %0" : "=a"(v));
    ember_append_u64(v);
}
