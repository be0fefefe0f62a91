/* Replies the host must reject: longer than the output buffer (default),
 * outside guest memory, wrapping around the address space, absurd length,
 * on the null page, on the host's page tables. */
#include "t_util.h"

T_OK_HANDLER()

static void reply_raw(uint64_t gva, uint64_t len) {
    ember_reply()->output_gva = gva;
    ember_reply()->output_len = len;
}

EMBER_DEFAULT_HANDLER(too_long) {
    reply_raw(ember_boot()->output_start, ember_boot()->output_size + 1);
}
EMBER_HANDLER(beyond) {
    reply_raw(0x40000000, 16);
}
EMBER_HANDLER(wrap) {
    reply_raw(UINT64_MAX - 7, 16);
}
EMBER_HANDLER(huge) {
    reply_raw(ember_boot()->output_start, UINT64_MAX);
}
EMBER_HANDLER(null) {
    reply_raw(0, 16);
}
EMBER_HANDLER(pagetables) {
    reply_raw(EMBER_PAGE_TABLES_GPA, 4096);
}
