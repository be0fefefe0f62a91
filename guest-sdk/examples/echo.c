/* echo: replies with its input, unchanged and uncopied. */
#include <ember/guest.h>

EMBER_DEFAULT_HANDLER(echo) {
    ember_reply_bytes(input, len);
}
