/* json_pretty: replies its input, a JSON value, indented two spaces per
 * level; an input that is not JSON gets status 400 and where it went wrong. */
#include <ember/guest.h>

#include "json_pretty_core.h"

EMBER_DEFAULT_HANDLER(json_pretty) {
    size_t capacity;
    struct json_out out = {ember_output_buffer(&capacity), 0, 0};
    out.cap = capacity;
    long error = json_pretty_print(input, len, &out);
    if (error >= 0) {
        ember_set_status(400);
        ember_printf("invalid JSON at byte %ld\n", error);
        return;
    }
    if (out.len > capacity) {
        ember_set_status(413);
        ember_reply_str("the indented JSON does not fit in the reply\n");
        return;
    }
    ember_output_commit(out.len);
}
