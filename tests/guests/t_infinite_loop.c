/* Never returns: the host's deadline must end the call. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(spin) {
    for (;;)
        __asm__ volatile("");
}
