/* Isolation: each handler fills a region with a pattern and replies "dirty"
 * if the pattern was already there (left by an earlier call) or "clean".
 * Regions: the heap, the globals, the stack below the handler, the output
 * buffer; the default does all four. Every call must reply clean. Each
 * region is capped at 64 KiB (one `rep stosq` step per word). */
#include "t_util.h"

T_OK_HANDLER()

#define PATTERN 0x5CA1AB1E5CA1AB1Eull
#define SPAN_BYTES (64u * 1024u)

static uint64_t global_words[512];

/* Fills [start, end) (rounded to words); returns 1 if it held the pattern. */
static int scribble(uintptr_t start, uintptr_t end) {
    start = (start + 7) & ~(uintptr_t)7;
    if (end > start + SPAN_BYTES) end = start + SPAN_BYTES;
    if (end < start + 8) return 0;
    uint64_t* words = (uint64_t*)start;
    size_t n = (end - start) / 8;
    int dirty = words[0] == PATTERN || words[n / 2] == PATTERN || words[n - 1] == PATTERN;
    __asm__ volatile("rep stosq" : "+D"(words), "+c"(n) : "a"(PATTERN) : "memory");
    return dirty;
}

static int scribble_heap(void) {
    return scribble(ember_boot()->heap_start, ember_boot()->heap_end);
}
static int scribble_globals(void) {
    return scribble((uintptr_t)global_words, (uintptr_t)(global_words + 512));
}
/* The stack below this frame (keeping 512 bytes for the calls it makes). */
static int scribble_stack(void) {
    uintptr_t top = (uintptr_t)__builtin_frame_address(0) - 1024;
    uintptr_t bottom = top - SPAN_BYTES;
    if (bottom < ember_boot()->stack_start) bottom = ember_boot()->stack_start;
    return scribble(bottom, top);
}
static int scribble_output(void) {
    const struct ember_boot* boot = ember_boot();
    return scribble(boot->output_start, boot->output_start + boot->output_size);
}

static const char* verdict(int dirty) {
    return dirty ? "dirty" : "clean";
}

EMBER_HANDLER(heap) {
    ember_reply_str(verdict(scribble_heap()));
}
EMBER_HANDLER(globals) {
    ember_reply_str(verdict(scribble_globals()));
}
EMBER_HANDLER(stack) {
    ember_reply_str(verdict(scribble_stack()));
}
EMBER_HANDLER(output) {
    ember_reply_str(verdict(scribble_output()));
}

EMBER_DEFAULT_HANDLER(all) {
    int heap = scribble_heap(), data = scribble_globals(), stack = scribble_stack();
    int output = scribble_output(); /* before printing into it */
    ember_printf("heap=%s globals=%s stack=%s output=%s", verdict(heap), verdict(data),
                 verdict(stack), verdict(output));
}
