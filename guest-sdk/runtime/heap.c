/* The guest heap: malloc/free/calloc/realloc over [boot->heap_start,
 * boot->heap_end).
 *
 * Every block starts with a 16-byte header whose first word is the block's
 * total size (header included, a multiple of 16), so payloads are 16-byte
 * aligned. Blocks whose size is a power of two from 32 to 2048 are "small":
 * carved from per-size slabs of at least 4 KiB (so that small blocks do not
 * pin the space between large ones), freed onto a per-size list and reused
 * in O(1); slabs are never given back. Every other block is
 * "large": freed into one address-ordered list, merged with free neighbours,
 * and given back to the untouched top of the heap when it borders it. New
 * memory comes from that top (a bump pointer); a request it cannot satisfy
 * falls back to first fit in the large list, then fails with NULL.
 *
 * A free large block keeps the next pointer in its header's second word.
 * Single-threaded, like everything in the guest. Since the VM is restored
 * after every call, fragmentation never outlives a call. */
#include <ember/libc.h>

#include "runtime.h"

#define HEADER 16u
#define MIN_BLOCK 32u
#define SMALL_MAX 2048u
#define SMALL_CLASSES 7 /* 32, 64, ..., 2048 */

struct block {
    uint64_t size;
    struct block* next; /* free large blocks only */
};

struct free_small {
    struct free_small* next;
};

static uintptr_t heap_top; /* first byte never handed out */
static uintptr_t heap_end;
static struct free_small* small_free[SMALL_CLASSES];
static uintptr_t slab_next[SMALL_CLASSES], slab_end[SMALL_CLASSES];
static struct block* large_free; /* sorted by address */

void ember_heap_init(uint64_t start, uint64_t end) {
    heap_top = (uintptr_t)((start + 15) & ~(uint64_t)15);
    heap_end = (uintptr_t)(end & ~(uint64_t)15);
    if (heap_end < heap_top) heap_end = heap_top;
}

static int is_small(uint64_t size) {
    return size <= SMALL_MAX && (size & (size - 1)) == 0;
}

/* Index of the class of a small block size (a power of two >= 32). */
static unsigned class_of(uint64_t size) {
    return (unsigned)(63 - __builtin_clzll(size)) - 5;
}

static void* payload(struct block* b) {
    return (char*)b + HEADER;
}
static struct block* block_of(void* p) {
    return (struct block*)((char*)p - HEADER);
}

static struct block* bump(uint64_t size) {
    if (size > heap_end - heap_top) return NULL;
    struct block* b = (struct block*)heap_top;
    heap_top += size;
    b->size = size;
    return b;
}

/* First fit in the large list; splits off the tail so the list stays put. */
static struct block* take_large(uint64_t size) {
    for (struct block** link = &large_free; *link; link = &(*link)->next) {
        struct block* b = *link;
        if (b->size < size) continue;
        if (b->size - size >= MIN_BLOCK) {
            b->size -= size;
            struct block* tail = (struct block*)((char*)b + b->size);
            tail->size = size;
            return tail;
        }
        *link = b->next;
        return b;
    }
    return NULL;
}

static char* end_of(struct block* b) {
    return (char*)b + b->size;
}

static void free_large(struct block* b) {
    struct block **link = &large_free, **prev_link = NULL;
    while (*link && *link < b) {
        prev_link = link;
        link = &(*link)->next;
    }
    struct block* next = *link;
    if (next && end_of(b) == (char*)next) {
        b->size += next->size;
        next = next->next;
    }
    b->next = next;
    *link = b;
    if (prev_link && end_of(*prev_link) == (char*)b) {
        struct block* prev = *prev_link;
        prev->size += b->size;
        prev->next = next;
        b = prev;
        link = prev_link;
    }
    /* The last free block borders the untouched top: give it back. */
    if (!b->next && (uintptr_t)end_of(b) == heap_top) {
        *link = NULL;
        heap_top = (uintptr_t)b;
    }
}

/* Block size for a request, or 0 if it cannot exist. */
static uint64_t block_size(size_t n) {
    if (n > (uint64_t)1 << 47) return 0;
    uint64_t size = (n + HEADER + 15) & ~(uint64_t)15;
    if (size < MIN_BLOCK) size = MIN_BLOCK;
    if (size <= SMALL_MAX) size = (uint64_t)1 << (64 - __builtin_clzll(size - 1));
    return size;
}

static struct block* take_any(uint64_t size) {
    struct block* b = bump(size);
    return b ? b : take_large(size);
}

static void* malloc_small(uint64_t size) {
    unsigned c = class_of(size);
    struct free_small* f = small_free[c];
    if (f) {
        small_free[c] = f->next;
        return f;
    }
    if (slab_end[c] - slab_next[c] < size) {
        uint64_t slab_size = size * 8 < 4096 ? 4096 : size * 8;
        struct block* slab = take_any(slab_size);
        if (!slab) {
            /* Too little memory left for a slab: try a lone block. */
            struct block* b = take_any(size);
            return b ? payload(b) : NULL;
        }
        slab_next[c] = (uintptr_t)slab;
        slab_end[c] = (uintptr_t)slab + slab->size;
    }
    struct block* b = (struct block*)slab_next[c];
    slab_next[c] += size;
    b->size = size;
    return payload(b);
}

void* malloc(size_t n) {
    uint64_t size = block_size(n);
    if (!size) return NULL;
    if (is_small(size)) return malloc_small(size);
    struct block* b = take_any(size);
    return b ? payload(b) : NULL;
}

void* ember_heap_take_rest(size_t keep, size_t* size) {
    uint64_t left = heap_end - heap_top;
    *size = 0;
    if (left <= (uint64_t)keep + HEADER + MIN_BLOCK) return NULL;
    struct block* b = bump((left - keep) & ~(uint64_t)15);
    *size = b->size - HEADER;
    return payload(b);
}

void free(void* p) {
    if (!p) return;
    struct block* b = block_of(p);
    if (is_small(b->size)) {
        struct free_small* f = (struct free_small*)p;
        f->next = small_free[class_of(b->size)];
        small_free[class_of(b->size)] = f;
        return;
    }
    free_large(b);
}

void* calloc(size_t count, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(count, size, &total)) return NULL;
    void* p = malloc(total);
    if (p) memset(p, 0, total);
    return p;
}

void* realloc(void* p, size_t n) {
    if (!p) return malloc(n);
    struct block* b = block_of(p);
    uint64_t size = block_size(n);
    if (!size) return NULL;
    if (size <= b->size) return p;
    /* The block borders the top: grow it in place. */
    if ((uintptr_t)b + b->size == heap_top && size - b->size <= heap_end - heap_top) {
        heap_top += size - b->size;
        b->size = size;
        return p;
    }
    void* q = malloc(n);
    if (!q) return NULL;
    memcpy(q, p, b->size - HEADER);
    free(p);
    return q;
}
