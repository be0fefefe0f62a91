/* A recursive-descent JSON checker that writes as it goes. */
#include "json_pretty_core.h"

struct parser {
    const uint8_t* in;
    size_t len;
    size_t at;
    struct json_out* out;
};

static void put(struct json_out* out, const uint8_t* bytes, size_t n) {
    for (size_t i = 0; i < n; ++i, ++out->len)
        if (out->len < out->cap) out->buf[out->len] = bytes[i];
}

static void put_char(struct json_out* out, char c) {
    put(out, (const uint8_t*)&c, 1);
}

static void newline(struct json_out* out, int depth) {
    put_char(out, '\n');
    for (int i = 0; i < 2 * depth; ++i)
        put_char(out, ' ');
}

static void skip_space(struct parser* p) {
    while (p->at < p->len && (p->in[p->at] == ' ' || p->in[p->at] == '\t' || p->in[p->at] == '\n' ||
                              p->in[p->at] == '\r'))
        ++p->at;
}

static int peek(const struct parser* p) {
    return p->at < p->len ? p->in[p->at] : -1;
}

static int is_digit(int c) {
    return c >= '0' && c <= '9';
}

static int is_hex(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Each returns 0, or -1 with p->at at the offending byte. */
static int value(struct parser* p, int depth);

static int literal(struct parser* p, const char* word) {
    size_t start = p->at;
    for (; *word; ++word, ++p->at)
        if (peek(p) != *word) return -1;
    put(p->out, p->in + start, p->at - start);
    return 0;
}

static int string(struct parser* p) {
    size_t start = p->at++;
    for (;;) {
        int c = peek(p);
        if (c < 0x20) return -1; /* the end, or a control character */
        ++p->at;
        if (c == '"') break;
        if (c != '\\') continue;
        c = peek(p);
        if (c == 'u') {
            ++p->at;
            for (int i = 0; i < 4; ++i, ++p->at)
                if (!is_hex(peek(p))) return -1;
        } else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' ||
                   c == 'r' || c == 't') {
            ++p->at;
        } else {
            return -1;
        }
    }
    put(p->out, p->in + start, p->at - start);
    return 0;
}

static int digits(struct parser* p) {
    if (!is_digit(peek(p))) return -1;
    while (is_digit(peek(p)))
        ++p->at;
    return 0;
}

static int number(struct parser* p) {
    size_t start = p->at;
    if (peek(p) == '-') ++p->at;
    if (peek(p) == '0') {
        ++p->at;
    } else if (digits(p) != 0) {
        return -1;
    }
    if (peek(p) == '.') {
        ++p->at;
        if (digits(p) != 0) return -1;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        ++p->at;
        if (peek(p) == '+' || peek(p) == '-') ++p->at;
        if (digits(p) != 0) return -1;
    }
    put(p->out, p->in + start, p->at - start);
    return 0;
}

/* An array or an object: `close` ends it; members are "key": value. */
static int container(struct parser* p, int depth, char close, int members) {
    if (depth >= JSON_MAX_DEPTH) return -1;
    put_char(p->out, (char)p->in[p->at++]);
    skip_space(p);
    if (peek(p) == close) {
        ++p->at;
        put_char(p->out, close);
        return 0;
    }
    for (;;) {
        newline(p->out, depth + 1);
        if (members) {
            if (peek(p) != '"' || string(p) != 0) return -1;
            skip_space(p);
            if (peek(p) != ':') return -1;
            ++p->at;
            put(p->out, (const uint8_t*)": ", 2);
            skip_space(p);
        }
        if (value(p, depth + 1) != 0) return -1;
        skip_space(p);
        if (peek(p) == close) break;
        if (peek(p) != ',') return -1;
        ++p->at;
        put_char(p->out, ',');
        skip_space(p);
    }
    ++p->at;
    newline(p->out, depth);
    put_char(p->out, close);
    return 0;
}

static int value(struct parser* p, int depth) {
    switch (peek(p)) {
        case '{':
            return container(p, depth, '}', 1);
        case '[':
            return container(p, depth, ']', 0);
        case '"':
            return string(p);
        case 't':
            return literal(p, "true");
        case 'f':
            return literal(p, "false");
        case 'n':
            return literal(p, "null");
        default:
            return number(p);
    }
}

long json_pretty_print(const uint8_t* in, size_t len, struct json_out* out) {
    struct parser p = {in, len, 0, out};
    skip_space(&p);
    if (value(&p, 0) != 0) return (long)p.at;
    skip_space(&p);
    if (p.at != len) return (long)p.at;
    put_char(out, '\n');
    return -1;
}
