/* Other CPU exceptions the runtime must report: #DE (0, default), #BP (3),
 * #GP (13, non-canonical address). #NM is not one of them: the runtime
 * handles it (see t_fpu). On the development machines' emulated vCPUs,
 * int3 is an emulation failure (KVM_EXIT_INTERNAL_ERROR), not vector 3. */
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
