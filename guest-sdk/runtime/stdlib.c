/* Integer parsing (strtol family, atoi, ember_parse_u64) and abort(). */
#include <ember/guest.h>

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* The common part: magnitude in *out, saturated at `limit`. */
static const char* parse(const char* s, int base, uint64_t limit, uint64_t* out, int* negative,
                         int* any) {
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        ++s;
    *negative = 0;
    if (*s == '+' || *s == '-') *negative = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' &&
        digit_value(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    uint64_t v = 0;
    *any = 0;
    if (base < 2 || base > 36) return s;
    for (int d; (d = digit_value(*s)) < base; ++s) {
        *any = 1;
        if (v > (limit - (uint64_t)d) / (uint64_t)base)
            v = limit;
        else
            v = v * (uint64_t)base + (uint64_t)d;
    }
    *out = v;
    return s;
}

long long strtoll(const char* s, char** end, int base) {
    uint64_t v = 0;
    int negative, any;
    const char* p = parse(s, base, (uint64_t)INT64_MAX + 1, &v, &negative, &any);
    if (end) *end = (char*)(any ? p : s);
    if (negative) return (long long)(0 - v);
    return v > INT64_MAX ? INT64_MAX : (long long)v;
}

unsigned long long strtoull(const char* s, char** end, int base) {
    uint64_t v = 0;
    int negative, any;
    const char* p = parse(s, base, UINT64_MAX, &v, &negative, &any);
    if (end) *end = (char*)(any ? p : s);
    return negative ? 0 - v : v;
}

long strtol(const char* s, char** end, int base) {
    return strtoll(s, end, base);
}
unsigned long strtoul(const char* s, char** end, int base) {
    return strtoull(s, end, base);
}
int atoi(const char* s) {
    return (int)strtol(s, NULL, 10);
}

int ember_parse_u64(const void* s, size_t len, uint64_t* out) {
    const unsigned char* p = s;
    if (len == 0) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < len; ++i) {
        unsigned d = (unsigned)p[i] - '0';
        if (d > 9) return -1;
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v)) return -1;
    }
    *out = v;
    return 0;
}

void abort(void) {
    ember_abort("abort()");
}
