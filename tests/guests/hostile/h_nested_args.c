/* Bogus pointers and lengths nested inside the arguments of every host
 * function that takes byte strings (kv_set, kv_list, http_fetch), and
 * arguments of the wrong size: each must come back as EFAULT, with the
 * guest still running. The default handler makes every such call and
 * replies "N calls, all EFAULT", or the first call that returned anything
 * else. */
#include "../t_util.h"

T_OK_HANDLER()

/* No guest memory is there (guests have at most 256 MiB). */
#define UNMAPPED 0x40000000ull

static const struct ember_bytes bad[] = {
    {UNMAPPED, 16},                    /* unmapped */
    {EMBER_PAGE_TABLES_GPA, 64},       /* supervisor: the page tables */
    {EMBER_EXCEPTION_STACK_GPA, 16},   /* supervisor: the exception stack */
    {0xFFFFFFFFFFFFF000ull, 0x2000},   /* wraps around the address space */
    {EMBER_IMAGE_BASE, UINT64_MAX},    /* longer than memory, wrapping */
    {EMBER_IMAGE_BASE, 0x10000000ull}, /* runs past the end of memory */
    {0x8000000000000000ull, 8},        /* not canonical */
};
#define BAD_COUNT (sizeof bad / sizeof bad[0])

static const char good_key[] = "key";
static uint8_t result[256];
static size_t calls;
static char first_wrong[128];

static void expect_efault(const char* what, size_t index, int64_t got) {
    ++calls;
    if (got != EMBER_HOSTCALL_EFAULT && first_wrong[0] == 0)
        snprintf(first_wrong, sizeof first_wrong, "%s with bad[%zu] returned %lld", what, index,
                 (long long)got);
}

static struct ember_bytes bytes_of(const char* s) {
    return (struct ember_bytes){(uint64_t)(uintptr_t)s, strlen(s)};
}

static int64_t call(const char* name, const void* arg, size_t arg_len) {
    return ember_host_call(name, arg, arg_len, result, sizeof result);
}

EMBER_DEFAULT_HANDLER(nested) {
    for (size_t i = 0; i < BAD_COUNT; ++i) {
        struct ember_kv_set set = {bytes_of(good_key), bytes_of("value")};
        set.key = bad[i];
        expect_efault("kv_set key", i, call("kv_set", &set, sizeof set));
        set = (struct ember_kv_set){bytes_of(good_key), bad[i]};
        expect_efault("kv_set value", i, call("kv_set", &set, sizeof set));

        struct ember_kv_list list = {bad[i], bytes_of(""), 10};
        expect_efault("kv_list prefix", i, call("kv_list", &list, sizeof list));
        list = (struct ember_kv_list){bytes_of(""), bad[i], 10};
        expect_efault("kv_list after", i, call("kv_list", &list, sizeof list));

        for (int field = 0; field < 4; ++field) {
            struct ember_http_request request = {bytes_of("GET"), bytes_of("http://127.0.0.1/"),
                                                 bytes_of(""), bytes_of("")};
            struct ember_bytes* fields[] = {&request.method, &request.url, &request.headers,
                                            &request.body};
            *fields[field] = bad[i];
            expect_efault("http_fetch", i, call("http_fetch", &request, sizeof request));
        }
    }
    /* Arguments that are not the struct the function takes. */
    static uint8_t big[sizeof(struct ember_http_request) + 8];
    const char* structs[] = {"kv_set", "kv_list", "http_fetch"};
    const size_t sizes[] = {sizeof(struct ember_kv_set), sizeof(struct ember_kv_list),
                            sizeof(struct ember_http_request)};
    for (size_t s = 0; s < 3; ++s) {
        expect_efault(structs[s], sizes[s] - 1, call(structs[s], big, sizes[s] - 1));
        expect_efault(structs[s], sizes[s] + 1, call(structs[s], big, sizes[s] + 1));
        expect_efault(structs[s], 0, call(structs[s], big, 0));
    }
    if (first_wrong[0])
        ember_reply_str(first_wrong);
    else
        ember_printf("%zu calls, all EFAULT", calls);
}
