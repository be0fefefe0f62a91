/* Faults (null write) during ember_init: the sandbox must never become ready. */
#include "t_util.h"

T_OK_HANDLER()

void ember_init(void) {
    *(volatile uint64_t*)opaque_ptr(0) = 1;
}

EMBER_DEFAULT_HANDLER(unreachable) {
    ember_reply_str("init did not fault");
}
