/* Page faults on the null page: write (default), read, execute. */
#include "t_util.h"

T_OK_HANDLER()

EMBER_DEFAULT_HANDLER(write) {
    *(volatile uint64_t*)opaque_ptr(0) = 1;
}

EMBER_HANDLER(read) {
    ember_append_u64(*(volatile uint64_t*)opaque_ptr(0));
}

EMBER_HANDLER(exec) {
    ((void (*)(void))opaque_ptr(0))();
}
