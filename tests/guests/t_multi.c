/* Several handlers and every registration macro: the host's handler table. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(alpha) {
    ember_reply_str("alpha");
}

EMBER_HANDLER(beta) {
    ember_reply_str("beta");
}

EMBER_HANDLER(created) {
    ember_set_status(201);
    ember_set_content_type("application/json");
    ember_reply_str("{\"created\":true}");
}

EMBER_HANDLER(no_content) {
    ember_set_status(204);
}

EMBER_HANDLER(length) {
    ember_printf("%zu bytes", len);
}

static void shout(const uint8_t* input, size_t len) {
    size_t capacity;
    uint8_t* out = ember_output_buffer(&capacity);
    size_t n = len < capacity ? len : capacity;
    for (size_t i = 0; i < n; ++i)
        out[i] = input[i] >= 'a' && input[i] <= 'z' ? (uint8_t)(input[i] - 32) : input[i];
    ember_output_commit(n);
}
EMBER_EXPORT(shout);
EMBER_EXPORT_AS("SHOUT", shout);
