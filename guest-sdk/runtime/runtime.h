/* Internal interfaces between the guest runtime's files; not for guests. */
#ifndef EMBER_RUNTIME_H
#define EMBER_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include <ember/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What _start reports with READY: the handler table and its length (in
 * rax:rdx, as the x86-64 System V ABI returns a 16-byte struct). */
struct ember_ready {
    const struct ember_handler_entry* table;
    uint64_t count;
};

/* Called once by _start. */
struct ember_ready ember_runtime_init(void);

/* Formats the magnitude of `value` for conversion f, e, g, F, E or G with
 * `precision` (-1: the default 6) and the '#' flag into buf (not
 * NUL-terminated; truncated at cap). Returns the full length. */
size_t ember_format_float(long double value, char conversion, int precision, int alt, char* buf,
                          size_t cap);

/* Hands [start, end) to the allocator. */
void ember_heap_init(uint64_t start, uint64_t end);

#ifdef __cplusplus
}
#endif

#endif
