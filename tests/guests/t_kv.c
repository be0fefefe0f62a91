/* The key-value host functions as a guest sees them: writes that outlive a
 * failed call, each error code, pointers the host must refuse, listing, and
 * N reads in one call for the benchmark. */
#include "t_util.h"

T_OK_HANDLER()

static uint8_t value[4096];

/* "KEY" → the value, or "error N". */
EMBER_DEFAULT_HANDLER(get) {
    const int64_t n = ember_kv_get(input, len, value, sizeof value);
    if (n < 0) {
        ember_printf("error %lld", (long long)n);
        return;
    }
    ember_append(value, (size_t)n < sizeof value ? (size_t)n : sizeof value);
}

/* "KEY=VALUE" → "0", or the error. */
EMBER_HANDLER(set) {
    size_t eq = 0;
    while (eq < len && input[eq] != '=')
        ++eq;
    EMBER_ASSERT(eq < len);
    ember_printf("%lld", (long long)ember_kv_set(input, eq, input + eq + 1, len - eq - 1));
}

/* "KEY" → "0" or the error. */
EMBER_HANDLER(delete) {
    ember_printf("%lld", (long long)ember_kv_delete(input, len));
}

/* Writes KEY = "written", then fails: the write stays, as in a database. */
EMBER_HANDLER(set_then_abort) {
    EMBER_ASSERT(ember_kv_set(input, len, "written", 7) == 0);
    ember_abort("failed after kv_set");
}

/* "PREFIX" → the keys under it, one per line, two per kv_list call. */
EMBER_HANDLER(list) {
    uint8_t page[256];
    const uint8_t* after = 0;
    uint32_t after_len = 0;
    uint8_t last[64];
    for (;;) {
        const int64_t n = ember_kv_list(input, len, after, after_len, 2, page, sizeof page);
        if (n < 0) {
            ember_printf("error %lld", (long long)n);
            return;
        }
        struct ember_kv_keys keys = ember_kv_keys_of(page, n);
        const uint8_t* key;
        uint32_t key_len = 0;
        while (ember_kv_next_key(&keys, &key, &key_len)) {
            ember_append(key, key_len);
            ember_append_str("\n");
            EMBER_ASSERT(key_len <= sizeof last);
            __builtin_memcpy(last, key, key_len);
            after_len = key_len;
        }
        if (!keys.more) return;
        after = last;
    }
}

/* The codes of calls the host must refuse, whatever the store holds. */
EMBER_HANDLER(refusals) {
    static uint8_t long_key[600];
    static uint8_t big_value[2048];
    __builtin_memset(long_key, 'k', sizeof long_key);
    const int64_t empty_key = ember_kv_set("", 0, "v", 1);
    const int64_t key_too_long = ember_kv_set(long_key, sizeof long_key, "v", 1);
    const int64_t value_too_big = ember_kv_set("k", 1, big_value, sizeof big_value);
    /* A key in the host's own pages, a value past the end of memory. */
    const int64_t hidden_key = ember_kv_set(opaque_ptr(EMBER_SYSTEM_TABLES_GPA), 8, "v", 1);
    const int64_t wrapping_value = ember_kv_set("k", 1, opaque_ptr(~(uintptr_t)0 - 3), 8);
    const int64_t missing = ember_kv_delete("never-set", 9);
    ember_printf(
        "empty_key=%lld key_too_long=%lld value_too_big=%lld hidden_key=%lld "
        "wrapping_value=%lld missing=%lld",
        (long long)empty_key, (long long)key_too_long, (long long)value_too_big,
        (long long)hidden_key, (long long)wrapping_value, (long long)missing);
}

/* "N" → reads the key "k" N times (sequential host calls) and replies the
 * last value. */
EMBER_HANDLER(reads) {
    uint64_t n = 0;
    EMBER_ASSERT(ember_parse_u64(input, len, &n) == 0);
    int64_t got = 0;
    for (uint64_t i = 0; i < n; ++i)
        got = ember_kv_get("k", 1, value, sizeof value);
    if (got < 0) {
        ember_printf("error %lld", (long long)got);
        return;
    }
    ember_append(value, (size_t)got < sizeof value ? (size_t)got : sizeof value);
}
