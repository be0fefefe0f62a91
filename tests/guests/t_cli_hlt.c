/* cli; hlt: a halted vCPU with interrupts off would sleep forever. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(halt) {
    __asm__ volatile("cli\n\thlt");
    ember_reply_str("woke up");
}
