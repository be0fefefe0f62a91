/* Memory and string functions on x86 string instructions: copies move 8
 * bytes per step with rep movsq, scans and compares use repne scasb /
 * repe cmpsb; short and fast in ring 3, where the CPU runs them natively.
 * gcc emits calls to memcpy, memmove, memset and memcmp on its own, so they
 * keep C linkage. */
#include <ember/libc.h>

void* memcpy(void* dst, const void* src, size_t n) {
    void* ret = dst;
    size_t quads = n >> 3;
    __asm__ volatile("rep movsq\n\tmovq %[bytes], %%rcx\n\trep movsb"
                     : "+D"(dst), "+S"(src), "+c"(quads)
                     : [bytes] "r"(n & 7)
                     : "memory");
    return ret;
}

void* memmove(void* dst, const void* src, size_t n) {
    /* Unsigned difference: also true when dst is below src. */
    if ((uintptr_t)dst - (uintptr_t)src >= n) return memcpy(dst, src, n);
    /* dst overlaps the tail of src: copy backwards, the odd bytes first,
     * with DF set only inside this one statement. */
    char* d = (char*)dst + n - 1;
    const char* s = (const char*)src + n - 1;
    size_t bytes = n & 7;
    __asm__ volatile(
        "std\n\t"
        "rep movsb\n\t"
        "subq $7, %%rdi\n\t"
        "subq $7, %%rsi\n\t"
        "movq %[quads], %%rcx\n\t"
        "rep movsq\n\t"
        "cld"
        : "+D"(d), "+S"(s), "+c"(bytes)
        : [quads] "r"(n >> 3)
        : "memory");
    return dst;
}

void* memset(void* dst, int c, size_t n) {
    void* ret = dst;
    uint64_t value = (uint8_t)c * 0x0101010101010101ull;
    size_t quads = n >> 3;
    __asm__ volatile("rep stosq\n\tmovq %[bytes], %%rcx\n\trep stosb"
                     : "+D"(dst), "+c"(quads)
                     : "a"(value), [bytes] "r"(n & 7)
                     : "memory");
    return ret;
}

int memcmp(const void* a, const void* b, size_t n) {
    if (!n) return 0;
    const unsigned char *pa = a, *pb = b;
    /* Stops one past the first difference, or after the last (equal) byte. */
    __asm__ volatile("repe cmpsb" : "+S"(pa), "+D"(pb), "+c"(n) : : "memory", "cc");
    return pa[-1] - pb[-1];
}

void* memchr(const void* s, int c, size_t n) {
    if (!n) return NULL;
    const unsigned char* p = s;
    _Bool found;
    __asm__ volatile("repne scasb"
                     : "+D"(p), "+c"(n), "=@ccz"(found)
                     : "a"((unsigned char)c)
                     : "memory");
    return found ? (void*)(p - 1) : NULL;
}

size_t strlen(const char* s) {
    const char* p = s;
    size_t n = ~(size_t)0;
    __asm__ volatile("repne scasb" : "+D"(p), "+c"(n) : "a"(0) : "memory", "cc");
    return (size_t)(p - s) - 1;
}

size_t strnlen(const char* s, size_t max) {
    const char* nul = memchr(s, 0, max);
    return nul ? (size_t)(nul - s) : max;
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b)
        ++a, ++b;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
    for (; n; --n, ++a, ++b) {
        if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
        if (!*a) return 0;
    }
    return 0;
}

char* strchr(const char* s, int c) {
    for (;; ++s) {
        if (*s == (char)c) return (char*)s;
        if (!*s) return NULL;
    }
}

char* strrchr(const char* s, int c) {
    const char* last = NULL;
    for (;; ++s) {
        if (*s == (char)c) last = s;
        if (!*s) return (char*)last;
    }
}

char* strcpy(char* dst, const char* src) {
    return memcpy(dst, src, strlen(src) + 1);
}

char* strncpy(char* dst, const char* src, size_t n) {
    size_t len = strnlen(src, n);
    memcpy(dst, src, len);
    memset(dst + len, 0, n - len);
    return dst;
}
