/* Host calls the host must refuse: an unknown function (default), a name
 * outside guest memory, an argument longer than memory, results aimed at
 * memory the guest itself cannot write (its code, constants, the boot page),
 * and a log line read from supervisor memory. */
#include "t_util.h"

T_OK_HANDLER()

static void reply_result(int64_t r) {
    ember_printf("returned %lld", (long long)r);
}

EMBER_DEFAULT_HANDLER(unknown) {
    reply_result(ember_host_call("no_such_function", input, len, 0, 0));
}

EMBER_HANDLER(bad_name) {
    reply_result(ember_host_call_n((const char*)opaque_ptr(0x40000000), 8, 0, 0, 0, 0));
}

EMBER_HANDLER(huge_arg) {
    reply_result(ember_host_call_n("log", 3, input, UINT64_MAX, 0, 0));
}

EMBER_HANDLER(random_into_code) {
    reply_result(ember_random((void*)(uintptr_t)&unknown, 16));
}

EMBER_HANDLER(random_into_boot) {
    reply_result(ember_random(opaque_ptr(EMBER_BOOT_GPA), 16));
}

static const uint8_t constant[16] = {1};

EMBER_HANDLER(random_into_rodata) {
    reply_result(ember_random(opaque_ptr((uintptr_t)constant), 16));
}

EMBER_HANDLER(log_from_pagetables) {
    ember_log_n((const char*)opaque_ptr(EMBER_PAGE_TABLES_GPA), 64);
    ember_reply_str("logged");
}
