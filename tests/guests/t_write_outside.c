/* Accesses the guest may not make: beyond its memory (default), its own code,
 * its read-only data, the read-only boot page, the unmapped page tables, the
 * stack guard page, and executing from a no-execute data page. */
#include "t_util.h"

T_OK_HANDLER()

static const uint64_t constant = 42;
static uint8_t data_code[16] = {0xC3}; /* ret, in .data (NX) */

EMBER_DEFAULT_HANDLER(beyond) {
    *(volatile uint64_t*)opaque_ptr(0x40000000) = 1;
}

EMBER_HANDLER(code) {
    *(volatile uint8_t*)opaque_ptr((uintptr_t)&beyond) = 0;
}

EMBER_HANDLER(rodata) {
    *(volatile uint64_t*)opaque_ptr((uintptr_t)&constant) = 1;
}

EMBER_HANDLER(boot) {
    *(volatile uint64_t*)opaque_ptr(EMBER_BOOT_GPA) = 1;
}

EMBER_HANDLER(pagetables) {
    ember_append_u64(*(volatile uint64_t*)opaque_ptr(EMBER_PAGE_TABLES_GPA));
}

EMBER_HANDLER(guard) {
    *(volatile uint64_t*)opaque_ptr(ember_boot()->stack_start - 8) = 1;
}

EMBER_HANDLER(exec_data) {
    ((void (*)(void))opaque_ptr((uintptr_t)data_code))();
}
