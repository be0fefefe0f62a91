/* #UD (vector 6): ud2. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(ud2) {
    __asm__ volatile("ud2");
}
