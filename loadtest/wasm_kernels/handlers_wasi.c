/* The kernels as handlers of a Wasm reactor: each replies its checksum in
 * decimal on stdout, exactly as handlers_sdk.c does natively. A reactor's
 * handler returns without exiting, so it flushes stdout itself. */
#include <stdio.h>

#include "kernel.h"

static void reply(int checksum) {
    printf("%u", (unsigned)checksum);
    fflush(stdout);
}

__attribute__((export_name("fib30"))) void fib30(void) {
    reply(fib30_run());
}
__attribute__((export_name("coremark_loop"))) void coremark_loop(void) {
    reply(coremark_loop_run());
}
__attribute__((export_name("sha256_64k"))) void sha256_64k(void) {
    reply(sha256_64k_run());
}
