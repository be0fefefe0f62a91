/* visits: counts the calls made with each input (a visitor's name, say) and
 * replies "<input>: <count>". The counts live in the function's key-value
 * namespace on the host, not in guest memory, so they survive the memory
 * restore after every call, a redeploy and a restart of emberd. Deploy it
 * with host_functions=kv_get,kv_set. */
#include <ember/guest.h>

/* Decimal digits of `value` at the end of [buf, buf + 20); returns where
 * they start. */
static char* format_u64(uint64_t value, char* end) {
    char* at = end;
    do {
        *--at = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return at;
}

static void fail(uint32_t status, const char* what, int64_t code) {
    ember_set_status(status);
    ember_printf("%s failed (host error %lld)\n", what, (long long)code);
}

EMBER_DEFAULT_HANDLER(visits) {
    const uint8_t* key = len ? input : (const uint8_t*)"anonymous";
    const size_t key_len = len ? len : 9;

    char stored[20];
    uint64_t count = 0;
    const int64_t found = ember_kv_get(key, key_len, stored, sizeof stored);
    if (found == EMBER_HOSTCALL_EKEY) {
        ember_set_status(400);
        ember_append_str("the input is too long to be a key\n");
        return;
    }
    if (found >= 0 &&
        ((size_t)found > sizeof stored || ember_parse_u64(stored, (size_t)found, &count) != 0)) {
        ember_set_status(500);
        ember_append_str("the stored count is not a number\n");
        return;
    }
    if (found < 0 && found != EMBER_HOSTCALL_ENOTFOUND) {
        fail(503, "kv_get", found);
        return;
    }

    char digits[20];
    char* const end = digits + sizeof digits;
    const char* start = format_u64(++count, end);
    const int64_t written = ember_kv_set(key, key_len, start, (size_t)(end - start));
    if (written != 0) {
        fail(503, "kv_set", written);
        return;
    }

    ember_append(key, key_len);
    ember_append_str(": ");
    ember_append_u64(count);
}
