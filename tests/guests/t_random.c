/* Randomness per call: the host's 32 bytes in the call page (default) and the
 * host function "random". Both must differ between calls and sandboxes. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(call) {
    reply_hex(ember_random_bytes(), EMBER_RANDOM_SIZE);
}

EMBER_HANDLER(host) {
    static uint8_t bytes[32];
    int64_t n = ember_random(bytes, sizeof bytes);
    if (n != (int64_t)sizeof bytes) ember_abort("random: short result");
    reply_hex(bytes, sizeof bytes);
}
