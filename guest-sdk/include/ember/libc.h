/* The guest runtime's small libc: memory and string functions, a heap
 * allocator, snprintf and integer parsing. Freestanding, single-threaded;
 * no errno, no locale.
 *
 * memcpy/memset/memmove and strlen/memcmp use x86 string instructions
 * (rep movsq, rep stosq, repne scasb, repe cmpsb).
 *
 * malloc returns 16-byte aligned memory from the heap region the host
 * publishes in struct ember_boot, or NULL when it is exhausted. malloc(0)
 * returns a unique pointer. The heap, like everything else, is put back to
 * its post-init state after every call. */
#ifndef EMBER_LIBC_H
#define EMBER_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#define EMBER_NOEXCEPT noexcept
#else
#define EMBER_NOEXCEPT
#endif

/* memory and strings */
void* memcpy(void* dst, const void* src, size_t n) EMBER_NOEXCEPT;
void* memmove(void* dst, const void* src, size_t n) EMBER_NOEXCEPT;
void* memset(void* dst, int c, size_t n) EMBER_NOEXCEPT;
int memcmp(const void* a, const void* b, size_t n) EMBER_NOEXCEPT;
void* memchr(const void* s, int c, size_t n) EMBER_NOEXCEPT;
size_t strlen(const char* s) EMBER_NOEXCEPT;
size_t strnlen(const char* s, size_t max) EMBER_NOEXCEPT;
int strcmp(const char* a, const char* b) EMBER_NOEXCEPT;
int strncmp(const char* a, const char* b, size_t n) EMBER_NOEXCEPT;
char* strchr(const char* s, int c) EMBER_NOEXCEPT;
char* strrchr(const char* s, int c) EMBER_NOEXCEPT;
char* strcpy(char* dst, const char* src) EMBER_NOEXCEPT;
char* strncpy(char* dst, const char* src, size_t n) EMBER_NOEXCEPT;

/* heap */
void* malloc(size_t size) EMBER_NOEXCEPT;
void free(void* p) EMBER_NOEXCEPT;
void* calloc(size_t count, size_t size) EMBER_NOEXCEPT;
void* realloc(void* p, size_t size) EMBER_NOEXCEPT;

/* formatting: %d %i %u %x %X %o %p %s %c %f %F %e %E %g %G %% with flags
 * '-' '0' '+' ' ' '#', width and precision (also '*'), length modifiers
 * hh h l ll z j t L. Floating point is exact to 17 significant digits;
 * further digits print as zeros. Return the length the full output would
 * have (C semantics); the buffer is always NUL-terminated when size > 0. */
int snprintf(char* buf, size_t size, const char* fmt, ...) EMBER_NOEXCEPT
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap) EMBER_NOEXCEPT
    __attribute__((format(printf, 3, 0)));

/* integer parsing: C semantics (leading space, sign, base 0/2..36, "0x"),
 * saturating on overflow; there is no errno. */
long strtol(const char* s, char** end, int base) EMBER_NOEXCEPT;
unsigned long strtoul(const char* s, char** end, int base) EMBER_NOEXCEPT;
long long strtoll(const char* s, char** end, int base) EMBER_NOEXCEPT;
unsigned long long strtoull(const char* s, char** end, int base) EMBER_NOEXCEPT;
int atoi(const char* s) EMBER_NOEXCEPT;

/* Ends the call through EMBER_PORT_ABORT with the message "abort()". */
__attribute__((noreturn)) void abort(void) EMBER_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
