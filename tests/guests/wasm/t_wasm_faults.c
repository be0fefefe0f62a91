/* A reactor whose handlers misbehave, one way each, for the runner's tests:
 * each call must end cleanly and leave the next one clean. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

volatile int zero = 0;
volatile int depth_sink;
int calls; /* starts at 0 in every call: the snapshot holds it */

__attribute__((export_name("count"))) void count(void) {
    printf("%d", ++calls);
    fflush(stdout);
}

__attribute__((export_name("divide"))) void divide(void) {
    printf("%d", 1000 / zero);
}

/* Asks for all 4 GiB of address space: more than memory_mb allows. */
__attribute__((export_name("grow"))) void grow(void) {
    printf("%ld", (long)__builtin_wasm_memory_grow(0, 65535));
    fflush(stdout);
}

__attribute__((export_name("exit7"))) void exit7(void) {
    puts("before exit");
    exit(7);
}

/* Recurses for as long as `zero` is 0: for ever, as far as clang knows. */
static int recurse_deeper(int n) {
    depth_sink = n;
    if (zero != 0) return n;
    return recurse_deeper(n + 1) + depth_sink;
}

__attribute__((export_name("recurse"))) void recurse(void) {
    printf("%d", recurse_deeper(0));
}

__attribute__((export_name("spin"))) void spin(void) {
    for (;;)
        depth_sink = zero;
}

__attribute__((export_name("stderr"))) void to_stderr(void) {
    fputs("line one\nline two", stderr);
    fputs("ok", stdout);
    fflush(stdout);
}
