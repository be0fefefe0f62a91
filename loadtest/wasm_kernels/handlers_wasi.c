/* The kernels as handlers of a Wasm reactor: each replies its checksum in
 * decimal on stdout, exactly as handlers_sdk.c does natively. */
#include <stdio.h>

#include "kernel.h"

__attribute__((export_name("fib30"))) void fib30(void) { printf("%u", (unsigned)fib30_run()); }
__attribute__((export_name("coremark_loop"))) void coremark_loop(void) {
    printf("%u", (unsigned)coremark_loop_run());
}
__attribute__((export_name("sha256_64k"))) void sha256_64k(void) {
    printf("%u", (unsigned)sha256_64k_run());
}
