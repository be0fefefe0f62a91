/* snprintf/vsnprintf: integers, strings, characters, pointers and floating
 * point (printf_float.c) with the usual flags, width and precision. */
#include <ember/libc.h>

#include "runtime.h"

/* The longest floating-point body printed: DBL_MAX in %f (309 digits) with
 * a long fraction; anything longer is cut. */
#define FLOAT_BODY_MAX 512

struct out {
    char* buf;
    size_t size; /* capacity, including the terminating NUL */
    size_t len;  /* length the full output has so far */
};

static void put(struct out* o, char c) {
    if (o->len + 1 < o->size) o->buf[o->len] = c;
    ++o->len;
}

static void put_n(struct out* o, const char* s, size_t n) {
    if (o->len + 1 < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void pad(struct out* o, char c, size_t n) {
    while (n--)
        put(o, c);
}

enum {
    F_LEFT = 1,
    F_ZERO = 2,
    F_PLUS = 4,
    F_SPACE = 8,
    F_ALT = 16,
};

struct spec {
    unsigned flags;
    size_t width;
    int precision; /* -1: none */
};

/* Writes `body` (n bytes) with a prefix (sign, "0x"), honouring width. */
static void emit(struct out* o, const struct spec* sp, const char* prefix, const char* body,
                 size_t n, size_t zeros) {
    size_t plen = strlen(prefix), total = plen + zeros + n;
    size_t fill = sp->width > total ? sp->width - total : 0;
    if (!(sp->flags & F_LEFT) && !(sp->flags & F_ZERO)) pad(o, ' ', fill);
    put_n(o, prefix, plen);
    if (!(sp->flags & F_LEFT) && (sp->flags & F_ZERO)) pad(o, '0', fill);
    pad(o, '0', zeros);
    put_n(o, body, n);
    if (sp->flags & F_LEFT) pad(o, ' ', fill);
}

static void emit_int(struct out* o, struct spec sp, uint64_t v, int negative, unsigned base,
                     int upper, const char* alt_prefix) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    while (v) {
        tmp[sizeof tmp - 1 - n++] = digits[v % base];
        v /= base;
    }
    if (n == 0 && sp.precision != 0) tmp[sizeof tmp - 1 - n++] = '0';
    size_t zeros = sp.precision > 0 && (size_t)sp.precision > n ? (size_t)sp.precision - n : 0;
    if (sp.precision >= 0) sp.flags &= ~(unsigned)F_ZERO; /* C: precision overrides '0' */
    const char* prefix = negative               ? "-"
                         : (sp.flags & F_PLUS)  ? "+"
                         : (sp.flags & F_SPACE) ? " "
                         : alt_prefix           ? alt_prefix
                                                : "";
    emit(o, &sp, prefix, tmp + sizeof tmp - n, n, zeros);
}

enum length { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_LDOUBLE };

static const char* parse_spec(const char* f, struct spec* sp, enum length* len, va_list* ap) {
    sp->flags = 0;
    for (;; ++f) {
        if (*f == '-')
            sp->flags |= F_LEFT;
        else if (*f == '0')
            sp->flags |= F_ZERO;
        else if (*f == '+')
            sp->flags |= F_PLUS;
        else if (*f == ' ')
            sp->flags |= F_SPACE;
        else if (*f == '#')
            sp->flags |= F_ALT;
        else
            break;
    }
    sp->width = 0;
    if (*f == '*') {
        int w = va_arg(*ap, int);
        if (w < 0) sp->flags |= F_LEFT, w = -w;
        sp->width = (size_t)w;
        ++f;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (size_t)(*f++ - '0');
    sp->precision = -1;
    if (*f == '.') {
        ++f;
        sp->precision = 0;
        if (*f == '*') {
            int p = va_arg(*ap, int);
            sp->precision = p < 0 ? -1 : p;
            ++f;
        }
        while (*f >= '0' && *f <= '9')
            sp->precision = sp->precision * 10 + (*f++ - '0');
    }
    *len = L_INT;
    if (*f == 'h')
        *len = *++f == 'h' ? (++f, L_CHAR) : L_SHORT;
    else if (*f == 'l')
        *len = *++f == 'l' ? (++f, L_LLONG) : L_LONG;
    else if (*f == 'z' || *f == 'j' || *f == 't')
        *len = L_SIZE, ++f;
    else if (*f == 'L')
        *len = L_LDOUBLE, ++f;
    return f;
}

static int64_t arg_signed(enum length len, va_list* ap) {
    switch (len) {
        case L_CHAR:
            return (signed char)va_arg(*ap, int);
        case L_SHORT:
            return (short)va_arg(*ap, int);
        case L_LONG:
            return va_arg(*ap, long);
        case L_LLONG:
            return va_arg(*ap, long long);
        case L_SIZE:
            return va_arg(*ap, int64_t);
        default:
            return va_arg(*ap, int);
    }
}

static uint64_t arg_unsigned(enum length len, va_list* ap) {
    switch (len) {
        case L_CHAR:
            return (unsigned char)va_arg(*ap, unsigned);
        case L_SHORT:
            return (unsigned short)va_arg(*ap, unsigned);
        case L_LONG:
            return va_arg(*ap, unsigned long);
        case L_LLONG:
            return va_arg(*ap, unsigned long long);
        case L_SIZE:
            return va_arg(*ap, uint64_t);
        default:
            return va_arg(*ap, unsigned);
    }
}

int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap_in) {
    struct out o = {buf, size, 0};
    va_list ap;
    va_copy(ap, ap_in);
    while (*fmt) {
        const char* next = strchr(fmt, '%');
        if (!next) next = fmt + strlen(fmt);
        put_n(&o, fmt, (size_t)(next - fmt));
        if (!*next) break;
        struct spec sp;
        enum length len;
        fmt = parse_spec(next + 1, &sp, &len, &ap);
        switch (*fmt) {
            case 'd':
            case 'i': {
                int64_t v = arg_signed(len, &ap);
                emit_int(&o, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0, NULL);
                break;
            }
            case 'u':
                emit_int(&o, sp, arg_unsigned(len, &ap), 0, 10, 0, NULL);
                break;
            case 'x':
            case 'X': {
                uint64_t v = arg_unsigned(len, &ap);
                const char* alt = (sp.flags & F_ALT) && v ? (*fmt == 'x' ? "0x" : "0X") : NULL;
                emit_int(&o, sp, v, 0, 16, *fmt == 'X', alt);
                break;
            }
            case 'o':
                emit_int(&o, sp, arg_unsigned(len, &ap), 0, 8, 0, NULL);
                break;
            case 'p': {
                uintptr_t v = (uintptr_t)va_arg(ap, void*);
                emit_int(&o, sp, v, 0, 16, 0, "0x");
                break;
            }
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G': {
                long double v = len == L_LDOUBLE ? va_arg(ap, long double) : va_arg(ap, double);
                char body[FLOAT_BODY_MAX];
                size_t n =
                    ember_format_float(v, *fmt, sp.precision, sp.flags & F_ALT, body, sizeof body);
                if (n > sizeof body) n = sizeof body;
                int negative = __builtin_signbit(v) && v == v;
                const char* sign = negative               ? "-"
                                   : (sp.flags & F_PLUS)  ? "+"
                                   : (sp.flags & F_SPACE) ? " "
                                                          : "";
                if (v != v || v - v != v - v) sp.flags &= ~(unsigned)F_ZERO; /* nan, inf */
                emit(&o, &sp, sign, body, n, 0);
                break;
            }
            case 'c': {
                char c = (char)va_arg(ap, int);
                sp.flags &= ~(unsigned)F_ZERO;
                emit(&o, &sp, "", &c, 1, 0);
                break;
            }
            case 's': {
                const char* s = va_arg(ap, const char*);
                if (!s) s = "(null)";
                size_t n = sp.precision >= 0 ? strnlen(s, (size_t)sp.precision) : strlen(s);
                sp.flags &= ~(unsigned)F_ZERO;
                emit(&o, &sp, "", s, n, 0);
                break;
            }
            case '%':
                put(&o, '%');
                break;
            case '\0':
                --fmt;
                break; /* a lone '%' at the end */
            default:
                put_n(&o, next, (size_t)(fmt - next + 1));
                break; /* unknown: as is */
        }
        ++fmt;
    }
    va_end(ap);
    if (size) buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char* buf, size_t size, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
