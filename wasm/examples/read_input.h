/* Reads all of standard input (the call's input) into a malloc()ed buffer:
 * the examples' common first step. */
#ifndef EMBER_WASM_EXAMPLE_READ_INPUT_H
#define EMBER_WASM_EXAMPLE_READ_INPUT_H

#include <stdio.h>
#include <stdlib.h>

static inline unsigned char* read_input(size_t* len) {
    size_t cap = 4096, n = 0;
    unsigned char* buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    if (!buf) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    *len = n;
    return buf;
}

#endif
