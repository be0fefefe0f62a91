/* Other CPU exceptions the host's exception stub must report: #DE (0,
 * default), #BP (3: its gate is open to ring 3), #GP (13, non-canonical
 * address). */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(divide) {
    uint32_t zero = 0;
    __asm__ volatile("xorl %%edx, %%edx\n\tdivl %1" : "+a"(len) : "r"(zero) : "rdx");
}

EMBER_HANDLER(int3) {
    __asm__ volatile("int3");
}

EMBER_HANDLER(noncanonical) {
    *(volatile uint64_t*)opaque_ptr(0x8000000000000000ull) = 1;
}
