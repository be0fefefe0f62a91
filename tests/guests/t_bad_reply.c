/* Reply fields out of range: status above 599 (default), below 100, and a
 * content-type length beyond EMBER_CONTENT_TYPE_MAX. */
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
