/* The non-inline half of the reply and log API: appending to the output
 * buffer, formatted output, the content type and formatted logging. */
#include <ember/guest.h>

/* Where the next appended byte goes; restarts the buffer if the reply was
 * pointing elsewhere (ember_reply_bytes). */
static size_t used_output(void) {
    struct ember_reply* reply = ember_reply();
    const struct ember_boot* boot = ember_boot();
    if (reply->output_gva != boot->output_start || reply->output_len > boot->output_size) {
        reply->output_gva = boot->output_start;
        reply->output_len = 0;
    }
    return reply->output_len;
}

size_t ember_append(const void* data, size_t len) {
    size_t used = used_output(), room = ember_boot()->output_size - used;
    if (len > room) len = room;
    memcpy((char*)(uintptr_t)ember_boot()->output_start + used, data, len);
    ember_reply()->output_len = used + len;
    return len;
}

size_t ember_append_u64(uint64_t value) {
    char tmp[20];
    size_t n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    return ember_append(tmp + sizeof tmp - n, n);
}

size_t ember_vprintf(const char* fmt, va_list ap) {
    size_t used = used_output(), room = ember_boot()->output_size - used;
    char* at = (char*)(uintptr_t)ember_boot()->output_start + used;
    /* vsnprintf keeps the last byte of the room for its NUL, so a reply
     * that fills the buffer exactly loses its last byte: truncation anyway. */
    int n = vsnprintf(at, room, fmt, ap);
    size_t wrote = (size_t)n < room ? (size_t)n : (room ? room - 1 : 0);
    ember_reply()->output_len = used + wrote;
    return wrote;
}

size_t ember_printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t n = ember_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

void ember_set_content_type_n(const char* type, size_t len) {
    struct ember_reply* reply = ember_reply();
    if (len > EMBER_CONTENT_TYPE_MAX) len = EMBER_CONTENT_TYPE_MAX;
    memcpy(reply->content_type, type, len);
    reply->content_type_len = (uint32_t)len;
}

void ember_logf(const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ember_log_n(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}
