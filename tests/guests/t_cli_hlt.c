/* cli; hlt: in ring 3 the cli is already a general protection fault. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(halt) {
    __asm__ volatile("cli\n\thlt");
    ember_reply_str("woke up");
}
