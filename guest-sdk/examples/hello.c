/* hello: replies "Hello, <input>!" ("Hello, world!" for an empty input). */
#include <ember/guest.h>

/* Runs once, before the snapshot: every call starts with this content type. */
void ember_init(void) {
    ember_set_content_type("text/plain; charset=utf-8");
}

EMBER_DEFAULT_HANDLER(hello) {
    ember_append_str("Hello, ");
    if (len)
        ember_append(input, len);
    else
        ember_append_str("world");
    ember_append_str("!");
    /* Log the greeting where it already is: the output buffer. */
    ember_log_n((const char*)ember_output_buffer(NULL), ember_reply()->output_len);
}
