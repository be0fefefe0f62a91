/* An image whose zero-filled data is larger than any guest's memory: the
 * deploy must be refused, never attempted. */
#include "../t_util.h"

static uint8_t huge[300u * 1024u * 1024u];

EMBER_DEFAULT_HANDLER(touch) {
    huge[len] = 1;
    ember_reply_bytes(huge, 1);
}
