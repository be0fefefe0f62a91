/* Loops forever in ember_init: creating the sandbox must time out. */
#include "t_util.h"

T_OK_HANDLER()

void ember_init(void) {
    for (;;)
        __asm__ volatile("");
}

EMBER_DEFAULT_HANDLER(unreachable) {
    ember_reply_str("init returned");
}
