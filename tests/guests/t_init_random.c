/* The documented pitfall: random bytes drawn in ember_init are part of the
 * snapshot, so every call of every sandbox cloned from it replies the same. */
#include "t_util.h"

T_OK_HANDLER()

static uint8_t drawn_at_init[32];

void ember_init(void) {
    if (ember_random(drawn_at_init, sizeof drawn_at_init) != (int64_t)sizeof drawn_at_init)
        ember_abort("random: short result");
}

EMBER_DEFAULT_HANDLER(init_bytes) {
    reply_hex(drawn_at_init, sizeof drawn_at_init);
}
