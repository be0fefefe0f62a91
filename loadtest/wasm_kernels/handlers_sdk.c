/* The kernels as handlers of a native Ember guest: each replies its
 * checksum in decimal, exactly as handlers_wasi.c does from Wasm. */
#include <ember/guest.h>

#include "kernel.h"

EMBER_HANDLER(fib30) {
    ember_append_u64((uint32_t)fib30_run());
}
EMBER_HANDLER(coremark_loop) {
    ember_append_u64((uint32_t)coremark_loop_run());
}
EMBER_HANDLER(sha256_64k) {
    ember_append_u64((uint32_t)sha256_64k_run());
}
