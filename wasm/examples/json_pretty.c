/* json_pretty, as a WASI command: the native guest's twin, from the same
 * json_pretty_core.c. Status 400 for an input that is not JSON comes from
 * Ember's import ember.set_status. */
#include <stdio.h>

#include "ember_wasm.h"
#include "json_pretty_core.h"
#include "read_input.h"

int main(void) {
    size_t len;
    unsigned char* text = read_input(&len);
    struct json_out measure = {NULL, 0, 0};
    long error = json_pretty_print(text, len, &measure);
    if (error >= 0) {
        ember_set_status(400);
        printf("invalid JSON at byte %ld\n", error);
        return 0;
    }
    struct json_out out = {malloc(measure.len), measure.len, 0};
    if (!out.buf) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    json_pretty_print(text, len, &out);
    fwrite(out.buf, 1, out.len, stdout);
    return 0;
}
