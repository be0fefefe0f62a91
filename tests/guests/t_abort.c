/* ember_abort: the message reaches the host (default); a message pointer
 * outside guest memory must be refused cleanly. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(give_up) {
    ember_abort("t_abort: giving up on purpose");
}

EMBER_HANDLER(bad_message) {
    ember_abort_n((const char*)opaque_ptr(0x40000000), 64);
}
