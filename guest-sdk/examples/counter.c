/* counter: increments a global and replies its value. Every call starts from
 * the snapshot taken after init, so every call replies "1". */
#include <ember/guest.h>

static uint64_t count;

EMBER_DEFAULT_HANDLER(counter) {
    ember_append_u64(++count);
}
