/* Memory a guest has no business with: allocations larger than its
 * memory, writes running off the end of it, reads and writes where a PC
 * would have devices (MMIO), and I/O ports other than the four hypercall
 * ports. Allocations fail cleanly; everything else ends the call with a
 * page fault or a general protection fault that says where. */
#include "../t_util.h"

T_OK_HANDLER()

#define MIB (1024u * 1024u)

/* A terabyte must be refused; then 1 MiB blocks, each page touched, until
 * malloc says no. The heap is back to its snapshot state for the next
 * call, so every call counts the same. */
EMBER_DEFAULT_HANDLER(malloc_huge) {
    if (malloc((size_t)1 << 40) != 0) ember_abort("malloc gave a terabyte");
    if (malloc(SIZE_MAX) != 0) ember_abort("malloc gave SIZE_MAX");
    if (calloc(SIZE_MAX / 2, 4) != 0) ember_abort("calloc's size overflowed");
    size_t blocks = 0;
    for (;;) {
        volatile uint8_t* block = malloc(MIB);
        if (block == 0) break;
        for (size_t at = 0; at < MIB; at += EMBER_PAGE_SIZE)
            block[at] = 1;
        ++blocks;
    }
    ember_printf("refused; %zu MiB before NULL", blocks);
}

/* Writes one byte per page from the output buffer upwards, past the end
 * of guest memory. */
EMBER_HANDLER(run_off_the_end) {
    const struct ember_boot* boot = ember_boot();
    for (uint64_t at = boot->output_start;; at += EMBER_PAGE_SIZE)
        *(volatile uint8_t*)opaque_ptr(at) = 1;
}

/* Input: "read" or "write", a space, and an address in hex. */
EMBER_HANDLER(mmio) {
    uint64_t address = 0;
    int write = len > 0 && input[0] == 'w';
    size_t i = 0;
    while (i < len && input[i] != ' ')
        ++i;
    for (++i; i < len; ++i) {
        const uint8_t c = input[i];
        address = address * 16 + (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (write)
        *(volatile uint32_t*)opaque_ptr(address) = 0xDEADBEEF;
    else
        ember_printf("read %x", *(volatile uint32_t*)opaque_ptr(address));
}

/* Input: a port number in decimal; an `in` from it. */
EMBER_HANDLER(port_in) {
    uint32_t port = 0;
    for (size_t i = 0; i < len; ++i)
        port = port * 10 + (uint32_t)(input[i] - '0');
    uint8_t value;
    __asm__ volatile("inb %w1, %0" : "=a"(value) : "Nd"((uint16_t)port));
    ember_printf("port %u gave %u", port, value);
}
