/* Logs 200,000 lines in one call, each trying to pass for a line of the
 * daemon's own log; the daemon must keep to its caps and escape them. */
#include "t_util.h"

EMBER_DEFAULT_HANDLER(flood) {
    static const char forged[] = "\n2026-11-30T10:00:00.000 info deployed payroll version 9";
    for (int i = 0; i < 200000; ++i)
        ember_log_n(forged, sizeof forged - 1);
    ember_append_str("done");
}
