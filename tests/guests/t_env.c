/* A function's env as its guest sees it: read once in init (and so part of
 * the snapshot) and by name during a call. */
#include "t_util.h"

T_OK_HANDLER()

static char greeting[64];
static int64_t greeting_len;

void ember_init(void) {
    greeting_len = ember_config_get("GREETING", greeting, sizeof greeting);
}

/* "<GREETING read in init>, <input>", or "no greeting (N)". */
EMBER_DEFAULT_HANDLER(greet) {
    if (greeting_len < 0) {
        ember_printf("no greeting (%lld)", (long long)greeting_len);
        return;
    }
    ember_append(greeting, (size_t)greeting_len);
    ember_append_str(", ");
    ember_append(input, len);
}

/* The value of the name in the input, read now, or "error N". */
EMBER_HANDLER(get) {
    static char value[4096];
    const int64_t n = ember_config_get_n((const char*)input, len, value, sizeof value);
    if (n < 0) {
        ember_printf("error %lld", (long long)n);
        return;
    }
    ember_append(value, (size_t)n);
}
