/* textops, a WASI reactor: each exported function is a handler
 * (?handler=NAME), in both of Ember's calling conventions.
 *   upper   () -> (): reads the input from stdin, writes it in upper case
 *           to stdout.
 *   reverse (ptr, len) -> (reply_ptr << 32 | reply_len): the runner puts the
 *           input where ember_alloc says and replies the bytes the result
 *           points at.
 * Build with -mexec-model=reactor: the module exports _initialize (the C
 * runtime's constructors), which Ember runs once, before the snapshot. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ember_wasm.h"

__attribute__((export_name("ember_alloc"))) void* ember_alloc(size_t size) {
    return malloc(size ? size : 1);
}

__attribute__((export_name("upper"))) void upper(void) {
    int c;
    while ((c = getchar()) != EOF)
        putchar(toupper(c));
    fflush(stdout);
}

__attribute__((export_name("reverse"))) uint64_t reverse(uint8_t* input, size_t len) {
    for (size_t i = 0; i < len / 2; ++i) {
        const uint8_t c = input[i];
        input[i] = input[len - 1 - i];
        input[len - 1 - i] = c;
    }
    ember_log("reversed", 8);
    return (uint64_t)(uintptr_t)input << 32 | len;
}
