/* Reply fields out of range: status above 599 (default), below 100, a
 * content-type length beyond EMBER_CONTENT_TYPE_MAX, and output in
 * supervisor memory. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(status_high) {
    ember_set_status(1000);
}
EMBER_HANDLER(status_low) {
    ember_set_status(99);
}
EMBER_HANDLER(content_type) {
    ember_reply()->content_type_len = 1000;
}

/* Replies pointing at memory the guest itself may not read: the host must
 * not read it on the guest's behalf. */
EMBER_HANDLER(points_at_pagetables) {
    ember_reply_bytes(opaque_ptr(EMBER_PAGE_TABLES_GPA), 64);
}
EMBER_HANDLER(points_at_stub) {
    ember_reply_bytes(opaque_ptr(EMBER_EXCEPTION_STUB_GPA), 64);
}
