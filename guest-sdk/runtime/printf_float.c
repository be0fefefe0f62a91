/* Floating-point conversions for the printf family: %f %e %g (and F E G).
 *
 * The value is rounded once to at most EMBER_FLOAT_DIGITS significant
 * digits in long double (x87, 64-bit mantissa), round half to even, and
 * rendered from those digits: the same digits as glibc's up to that many
 * significant ones (tests/guest-sdk compares them); digits beyond are zeros
 * ("%.20f" of 0.1 gives 0.10000000000000001000, glibc ...0000555). */
#include <ember/libc.h>

#include "runtime.h"

#define EMBER_FLOAT_DIGITS 17

typedef long double ld;

static const uint64_t pow10_u64[] = {
    1ull,
    10ull,
    100ull,
    1000ull,
    10000ull,
    100000ull,
    1000000ull,
    10000000ull,
    100000000ull,
    1000000000ull,
    10000000000ull,
    100000000000ull,
    1000000000000ull,
    10000000000000ull,
    100000000000000ull,
    1000000000000000ull,
    10000000000000000ull,
    100000000000000000ull,
    1000000000000000000ull,
};

static ld pow10_ld(int e) {
    ld result = 1, base = 10;
    for (unsigned n = (unsigned)e; n; n >>= 1) {
        if (n & 1) result *= base;
        base *= base;
    }
    return result;
}

/* floor(log10(v)) for a finite v > 0, within one of the truth. */
static int decimal_exponent_estimate(ld v) {
    int binary = 0;
    while (v >= 0x1p64L)
        v *= 0x1p-64L, binary += 64;
    while (v < 1)
        v *= 0x1p64L, binary -= 64;
    while (v >= 2)
        v *= 0.5L, ++binary;
    /* log10(2) = 0.30103: floor for negatives too */
    long scaled = (long)binary * 30103;
    return (int)(scaled >= 0 ? scaled / 100000 : -((-scaled + 99999) / 100000));
}

/* v * 10^shift rounded half to even, for a result below 2^64. */
static uint64_t scaled_round(ld v, int shift) {
    ld s = shift >= 0 ? v * pow10_ld(shift) : v / pow10_ld(-shift);
    uint64_t whole = (uint64_t)s;
    ld fraction = s - (ld)whole;
    if (fraction > 0.5L || (fraction == 0.5L && (whole & 1))) ++whole;
    return whole;
}

/* The `count` (1..EMBER_FLOAT_DIGITS) leading digits of v > 0, rounded, into
 * digits[]; returns the decimal exponent of the first one. */
static int significant_digits(ld v, int count, char* digits) {
    int e = decimal_exponent_estimate(v);
    uint64_t m = 0;
    for (int tries = 0; tries < 4; ++tries) {
        m = scaled_round(v, count - 1 - e);
        if (m >= pow10_u64[count])
            ++e;
        else if (m < pow10_u64[count - 1])
            --e;
        else
            break;
    }
    if (m >= pow10_u64[count]) m /= 10; /* 9.99.. rounded up to 10.0 */
    for (int i = count - 1; i >= 0; --i, m /= 10)
        digits[i] = (char)('0' + m % 10);
    return e;
}

struct text {
    char* buf;
    size_t cap, len;
};

static void add(struct text* t, char c) {
    if (t->len < t->cap) t->buf[t->len] = c;
    ++t->len;
}

/* digit i of d0.d1d2...×10^e at decimal position `place` (0: units). */
static char digit_at(const char* digits, int count, int e, int place) {
    int index = e - place;
    return index >= 0 && index < count ? digits[index] : '0';
}

static void render_fixed(struct text* t, const char* digits, int count, int e, int precision,
                         int alt) {
    for (int place = e > 0 ? e : 0; place >= 0; --place)
        add(t, digit_at(digits, count, e, place));
    if (precision > 0 || alt) add(t, '.');
    for (int place = -1; place >= -precision; --place)
        add(t, digit_at(digits, count, e, place));
}

static void render_exponent(struct text* t, const char* digits, int count, int e, int precision,
                            int alt, int upper) {
    add(t, digits[0]);
    if (precision > 0 || alt) add(t, '.');
    for (int i = 1; i <= precision; ++i)
        add(t, i < count ? digits[i] : '0');
    add(t, upper ? 'E' : 'e');
    add(t, e < 0 ? '-' : '+');
    unsigned magnitude = (unsigned)(e < 0 ? -e : e);
    char tmp[6];
    int n = 0;
    do
        tmp[n++] = (char)('0' + magnitude % 10), magnitude /= 10;
    while (magnitude);
    if (n < 2) tmp[n++] = '0';
    while (n)
        add(t, tmp[--n]);
}

/* Drops trailing zeros of the fraction (and a bare '.'), as %g does. */
static void strip_fraction_zeros(struct text* t, size_t start) {
    size_t dot = start, end = t->len < t->cap ? t->len : t->cap;
    while (dot < end && t->buf[dot] != '.')
        ++dot;
    if (dot == end) return;
    size_t exponent = dot;
    while (exponent < end && t->buf[exponent] != 'e' && t->buf[exponent] != 'E')
        ++exponent;
    size_t cut = exponent;
    while (cut > dot + 1 && t->buf[cut - 1] == '0')
        --cut;
    if (cut == dot + 1) cut = dot;
    memmove(t->buf + cut, t->buf + exponent, end - exponent);
    t->len -= exponent - cut;
}

static int min_int(int a, int b) {
    return a < b ? a : b;
}

size_t ember_format_float(ld value, char conversion, int precision, int alt, char* buf,
                          size_t cap) {
    struct text t = {buf, cap, 0};
    const int upper = conversion == 'F' || conversion == 'E' || conversion == 'G';
    if (value != value) {
        for (const char* s = upper ? "NAN" : "nan"; *s; ++s)
            add(&t, *s);
        return t.len;
    }
    if (value < 0) value = -value;
    if (value > __LDBL_MAX__) { /* infinity */
        for (const char* s = upper ? "INF" : "inf"; *s; ++s)
            add(&t, *s);
        return t.len;
    }
    if (precision < 0) precision = 6;
    char digits[EMBER_FLOAT_DIGITS];
    const char kind = (char)(conversion | 0x20);

    if (kind == 'e') {
        int count = min_int(precision + 1, EMBER_FLOAT_DIGITS);
        int e = 0;
        if (value == 0)
            memset(digits, '0', (size_t)count);
        else
            e = significant_digits(value, count, digits);
        render_exponent(&t, digits, count, e, precision, alt, upper);
        return t.len;
    }
    if (kind == 'g') {
        int wanted = precision == 0 ? 1 : precision;
        int count = min_int(wanted, EMBER_FLOAT_DIGITS);
        int e = 0;
        if (value == 0)
            memset(digits, '0', (size_t)count);
        else
            e = significant_digits(value, count, digits);
        size_t start = t.len;
        if (e >= -4 && e < wanted)
            render_fixed(&t, digits, count, e, wanted - 1 - e, alt);
        else
            render_exponent(&t, digits, count, e, wanted - 1, alt, upper);
        if (!alt) strip_fraction_zeros(&t, start);
        return t.len;
    }
    /* f: rounded at 10^-precision, so the digit count follows the exponent */
    int e = 0, count = 1;
    digits[0] = '0';
    if (value != 0) {
        count = EMBER_FLOAT_DIGITS;
        e = significant_digits(value, count, digits);
        int needed = e + 1 + precision;
        if (needed < EMBER_FLOAT_DIGITS && needed >= 1) {
            count = needed;
            e = significant_digits(value, count, digits);
        } else if (needed < 1) {
            count = 1;
            digits[0] = scaled_round(value, precision) != 0 ? '1' : '0';
            e = -precision;
        }
    }
    render_fixed(&t, digits, count, e, precision, alt);
    return t.len;
}
