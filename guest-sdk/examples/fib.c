/* fib: replies fib(n) for a decimal n in 0..90 (fib(90) still fits 63 bits). */
#include <ember/guest.h>

EMBER_DEFAULT_HANDLER(fib) {
    uint64_t n;
    if (ember_parse_u64(input, len, &n) != 0 || n > 90) {
        ember_set_status(400);
        ember_reply_str("expected a decimal number from 0 to 90\n");
        return;
    }
    uint64_t a = 0, b = 1;
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t next = a + b;
        a = b;
        b = next;
    }
    ember_append_u64(a);
}
