/* A guest cannot re-enter the host (host functions never call back into
 * it), so the hostile forms of re-entrance are these: host calls whose
 * result buffer is their own argument (the host must read the argument
 * before it writes the result), and host calls from every level of a deep
 * recursion, bounded (it must work) or unbounded (it must end at the stack
 * guard page), and an endless storm of host calls (it must end at the
 * deadline). */
#include "../t_util.h"

T_OK_HANDLER()

/* kv_get, config_get and http_fetch with the result written over the
 * argument; replies what each returned and what the buffer then held. */
EMBER_DEFAULT_HANDLER(aliased) {
    static char key[16] = "alias-key";
    if (ember_kv_set(key, strlen(key), "the value", 9) != 0) ember_abort("kv_set failed");
    const int64_t got = ember_kv_get(key, strlen(key), key, sizeof key);
    ember_printf("kv_get %lld '%.*s'; ", (long long)got, (int)(got > 0 ? got : 0), key);

    static char name[16] = "MISSING";
    const int64_t config = ember_config_get(name, name, sizeof name);
    ember_printf("config_get %lld '%s'; ", (long long)config, name);

    /* The whole request struct is also the result buffer. */
    static struct ember_http_request request;
    request.method = (struct ember_bytes){(uint64_t)(uintptr_t) "GET", 3};
    request.url = (struct ember_bytes){(uint64_t)(uintptr_t) "http://127.0.0.1:9/", 19};
    const int64_t fetched =
        ember_host_call("http_fetch", &request, sizeof request, &request, sizeof request);
    ember_printf("http_fetch %lld", (long long)fetched);
}

/* Each level has a host function write into its frame and, on the way
 * back, makes one more host call; returns the clock calls made. */
static uint64_t __attribute__((noinline)) descend(uint64_t depth, uint64_t limit) {
    volatile uint8_t frame[256];
    /* The CPU's own write comes first, so that the unbounded recursion ends
     * in the guard page as a page fault rather than in a host call that the
     * host refuses to write there. */
    frame[0] = (uint8_t)depth;
    if (ember_random((void*)frame, 16) != 16) ember_abort("random failed");
    if (depth == limit) return 0;
    return descend(depth + 1, limit) + (ember_clock_ns() != 0) + (frame[0] & 0);
}

/* Input: the depth as decimal, or empty for no bound. */
EMBER_HANDLER(recurse) {
    uint64_t limit = 0;
    for (size_t i = 0; i < len; ++i)
        limit = limit * 10 + (uint64_t)(input[i] - '0');
    const uint64_t clocks = descend(1, len ? limit : UINT64_MAX);
    ember_printf("depth %llu, %llu clock calls", (unsigned long long)limit,
                 (unsigned long long)clocks);
}

EMBER_HANDLER(storm) {
    for (;;)
        ember_clock_ns();
}
