/* Runtime initialisation, run once by _start before the host's snapshot. */
#include <ember/guest.h>

#include "asm_ports.h"
#include "runtime.h"

_Static_assert(EMBER_ASM_PORT_READY == EMBER_PORT_READY, "entry.S ports");
_Static_assert(EMBER_ASM_PORT_DONE == EMBER_PORT_DONE, "entry.S ports");

/* Defined by the guest if it wants one-time initialisation. */
void ember_init(void) __attribute__((weak));

typedef void (*init_fn)(void);
extern const init_fn __init_array_start[], __init_array_end[]; /* guest.ld */
extern const struct ember_handler_entry __ember_handlers_start[], __ember_handlers_end[];

/* What READY reports: the linker-collected registrations unless the guest
 * set a table of its own. */
static const struct ember_handler_entry* handler_table;
static uint64_t handler_count;

void ember_set_handlers(const struct ember_handler_entry* table, size_t count) {
    handler_table = table;
    handler_count = count;
}

static void write_reply_defaults(void) {
    struct ember_reply* reply = ember_reply();
    reply->output_gva = ember_boot()->output_start;
    reply->output_len = 0;
    reply->status = 200;
    reply->content_type_len = 0;
}

struct ember_ready ember_runtime_init(void) {
    const struct ember_boot* boot = ember_boot();
    if (boot->abi_version != EMBER_ABI_VERSION) ember_abort("guest runtime: ABI version mismatch");
    ember_heap_init(boot->heap_start, boot->heap_end);
    /* Before the guest's own init, so that constructors and ember_init can
     * change the defaults every call starts from (a content type, say). */
    write_reply_defaults();
    for (const init_fn* fn = __init_array_start; fn != __init_array_end; ++fn)
        (*fn)();
    handler_table = __ember_handlers_start;
    handler_count = (uint64_t)(__ember_handlers_end - __ember_handlers_start);
    if (ember_init) ember_init();
    struct ember_ready ready = {handler_table, handler_count};
    return ready;
}
