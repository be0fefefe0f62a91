/* Host calls whose descriptor itself is bogus: the name, the argument or
 * the result buffer points where the guest may not read (or write), wraps
 * around the address space or runs past the end of memory. The host ends
 * the call (guest_fault) before the function runs. Each handler takes the
 * host function's name as its input, so one guest attacks them all. */
#include "../t_util.h"

T_OK_HANDLER()

#define UNMAPPED 0x40000000ull
#define WRAPPING 0xFFFFFFFFFFFFF000ull

static uint8_t buffer[64];

static void attack(const void* input, size_t len, uint64_t arg, uint64_t arg_len, uint64_t result,
                   uint64_t result_len) {
    const int64_t r = ember_host_call_n((const char*)input, len, opaque_ptr(arg), arg_len,
                                        opaque_ptr(result), result_len);
    /* Reached only if the host let the call through. */
    ember_printf("returned %lld", (long long)r);
}

static uint64_t address_of(const void* p) {
    return (uint64_t)(uintptr_t)p;
}

EMBER_DEFAULT_HANDLER(arg_unmapped) {
    attack(input, len, UNMAPPED, 16, address_of(buffer), sizeof buffer);
}

EMBER_HANDLER(arg_supervisor) {
    attack(input, len, EMBER_PAGE_TABLES_GPA, 64, address_of(buffer), sizeof buffer);
}

EMBER_HANDLER(arg_wraps) {
    attack(input, len, WRAPPING, 0x2000, address_of(buffer), sizeof buffer);
}

EMBER_HANDLER(arg_past_memory) {
    attack(input, len, address_of(buffer), UINT64_MAX - 0x100, address_of(buffer), sizeof buffer);
}

EMBER_HANDLER(result_code) {
    attack(input, len, address_of(buffer), 4, address_of(&arg_unmapped), 16);
}

EMBER_HANDLER(result_boot_page) {
    attack(input, len, address_of(buffer), 4, EMBER_BOOT_GPA, 16);
}

EMBER_HANDLER(result_wraps) {
    attack(input, len, address_of(buffer), 4, WRAPPING, 0x2000);
}

EMBER_HANDLER(result_past_memory) {
    attack(input, len, address_of(buffer), 4, address_of(buffer), UINT64_MAX - 0x100);
}

EMBER_HANDLER(name_wraps) {
    (void)input;
    (void)len;
    attack(opaque_ptr(WRAPPING + 0xFF8), 16, address_of(buffer), 4, address_of(buffer),
           sizeof buffer);
}
