/* An earlier call's data, looked for everywhere a later call can read.
 * "plant" (input: a 16-byte marker) stores the marker with kv_set and
 * reads it back with kv_get into the heap, a global, the stack and the
 * output buffer, so that host-written copies are planted too; "scan"
 * (input: the marker with every bit flipped) replies "clean" or where it
 * found it; "selftest" (input: marker, then flipped marker) plants and
 * scans in one call, and must find it. */
#include "../t_marker.h"
#include "../t_util.h"

T_OK_HANDLER()

static uint8_t global_copy[64];

static void __attribute__((noinline)) plant_on_stack(const uint8_t* mark) {
    volatile uint8_t frame[4096];
    if (ember_kv_get("leak", 4, (void*)(frame + 1000), MARK_BYTES) != MARK_BYTES)
        ember_abort("kv_get into the stack failed");
    __asm__ volatile("" : : "r"(frame), "r"(mark) : "memory");
}

static void plant(const uint8_t* mark) {
    if (ember_kv_set("leak", 4, mark, MARK_BYTES) != 0) ember_abort("kv_set failed");
    uint8_t* heap = malloc(8192);
    if (heap == 0 || ember_kv_get("leak", 4, heap + 4000, MARK_BYTES) != MARK_BYTES)
        ember_abort("kv_get into the heap failed");
    if (ember_kv_get("leak", 4, global_copy + 8, MARK_BYTES) != MARK_BYTES)
        ember_abort("kv_get into a global failed");
    plant_on_stack(mark);
    size_t cap;
    uint8_t* out = ember_output_buffer(&cap);
    if (ember_kv_get("leak", 4, out + 512, MARK_BYTES) != MARK_BYTES)
        ember_abort("kv_get into the output failed");
    /* The stored copy is durable state, not memory: remove it. */
    if (ember_kv_delete("leak", 4) != 0) ember_abort("kv_delete failed");
}

static void reply_scan(const uint8_t* flipped) {
    const char* found = scan_all(flipped);
    ember_printf("%s%s", found ? "found in " : "clean", found ? found : "");
}

EMBER_DEFAULT_HANDLER(plant_marker) {
    if (len < MARK_BYTES) ember_abort("plant needs a 16-byte marker");
    plant(input);
    ember_reply_str("planted");
}

EMBER_HANDLER(scan) {
    if (len < MARK_BYTES) ember_abort("scan needs the flipped marker");
    reply_scan(input);
}

EMBER_HANDLER(selftest) {
    if (len < 2 * MARK_BYTES) ember_abort("selftest needs marker + flipped marker");
    plant(input);
    reply_scan(input + MARK_BYTES);
}
