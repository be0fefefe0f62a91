/* Internal interfaces between the guest runtime's files; not for guests. */
#ifndef EMBER_RUNTIME_H
#define EMBER_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called once by _start; returns the number of registered handlers. */
uint64_t ember_runtime_init(void);

/* Builds the IDT (vectors 0-31, all on IST1) and loads it. */
void ember_idt_install(void);

/* Hands [start, end) to the allocator. */
void ember_heap_init(uint64_t start, uint64_t end);

#ifdef __cplusplus
}
#endif

#endif
