/* The Ember function-author API: register handlers, build the reply, call the
 * host. Plain C, usable from C++.
 *
 * A guest is a static ELF built with ember_add_guest() (cmake/EmberGuest.cmake).
 * Lifecycle:
 *   1. Once, before the snapshot ("init"): the runtime sets up the heap,
 *      writes the reply defaults, runs C/C++ constructors, then calls
 *      `void ember_init(void)` if the guest defines it, and reports the
 *      handler table to the host.
 * Everything runs in ring 3, floating point included; a CPU exception (a
 * null dereference, a privileged instruction, ...) ends the call with a
 * report from the host's own ring-0 stub.
 *   2. Every call starts from that snapshot: the host enters the handler
 *      directly with the input, the handler fills the reply and returns. Every
 *      global, the heap and the stack are back to their post-init values at
 *      the start of every call: nothing survives from one call to the next.
 *
 * Writing a handler:
 *
 *     #include <ember/guest.h>
 *
 *     EMBER_DEFAULT_HANDLER(echo) {         // defines void echo(input, len)
 *         ember_reply_bytes(input, len);    // zero-copy: point at the input
 *     }
 *
 * EMBER_HANDLER(name) defines a handler called "name"; EMBER_DEFAULT_HANDLER
 * also makes it the one invoked when the request names none. The body sees
 * `const uint8_t *input` (read-only, NOT NUL-terminated) and `size_t len`.
 * An existing `void fn(const uint8_t *, size_t)` is registered with
 * EMBER_EXPORT(fn), EMBER_EXPORT_DEFAULT(fn) or EMBER_EXPORT_AS("name", fn).
 * Names are at most EMBER_HANDLER_NAME_MAX bytes; one default per guest.
 *
 * The reply: status 200, no content type and empty output unless the handler
 * says otherwise. Anything a constructor or ember_init writes to the reply
 * (a content type, say) is in the snapshot, so it becomes every call's
 * default at no per-call cost. Three ways to produce output:
 *   - point at bytes that already exist and stay valid after the handler
 *     returns (input, globals, rodata, heap): ember_reply_bytes/ember_reply_str;
 *   - write into the output buffer: ember_output_buffer(&cap), then
 *     ember_output_commit(n);
 *   - append: ember_append, ember_append_str, ember_append_u64, ember_printf
 *     (truncating at the buffer's capacity).
 * Never point the reply at the handler's own stack: the stack is dead once the
 * handler returns (it is still readable, but nothing guarantees its content).
 *
 * RANDOMNESS: everything computed during init (constructors, ember_init) is
 * part of the snapshot and therefore IDENTICAL in every sandbox cloned from
 * it, including random bytes drawn there. Draw randomness per call:
 * ember_random_bytes() (32 fresh bytes per call, free) or ember_random().
 */
#ifndef EMBER_GUEST_H
#define EMBER_GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <ember/abi.h>
#include <ember/libc.h>

#ifdef __cplusplus
#define EMBER_EXTERN_C extern "C"
#else
#define EMBER_EXTERN_C
#endif

/* ---- handler registration ------------------------------------------------ */

typedef void (*ember_handler_fn)(const uint8_t* input, size_t len);

#define EMBER_CAT_(a, b) a##b
#define EMBER_CAT(a, b) EMBER_CAT_(a, b)

#ifdef __cplusplus
namespace ember_detail {
template <class T>
struct is_handler {
    static constexpr bool value = false;
};
template <>
struct is_handler<void (*)(const uint8_t*, size_t)> {
    static constexpr bool value = true;
};
}  // namespace ember_detail
#define EMBER_CHECK_HANDLER_(fn)                                      \
    static_assert(::ember_detail::is_handler<decltype(&(fn))>::value, \
                  "an Ember handler is void " #fn "(const uint8_t *, size_t)")
#else
#define EMBER_CHECK_HANDLER_(fn)                                                      \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&(fn)), ember_handler_fn), \
                   "an Ember handler is void " #fn "(const uint8_t *, size_t)")
#endif

/* Registers fn under `name` (a string literal). aligned(8) keeps the entries
 * of the section contiguous: gcc would otherwise align a 24-byte object to 16. */
#define EMBER_REGISTER_(name, fn, flags)                                          \
    EMBER_CHECK_HANDLER_(fn);                                                     \
    __attribute__((used, section(".ember_handlers"),                              \
                   aligned(8))) static const struct ember_handler_entry           \
    EMBER_CAT(ember_handler_entry_, __COUNTER__) = {(uint64_t)(uintptr_t)(name),  \
                                                    (uint64_t)(uintptr_t) & (fn), \
                                                    (uint32_t)(sizeof(name) - 1), (flags)}

#define EMBER_EXPORT_AS(name, fn) EMBER_REGISTER_(name, fn, 0)
#define EMBER_EXPORT_DEFAULT_AS(name, fn) EMBER_REGISTER_(name, fn, EMBER_HANDLER_DEFAULT)
#define EMBER_EXPORT(fn) EMBER_REGISTER_(#fn, fn, 0)
#define EMBER_EXPORT_DEFAULT(fn) EMBER_REGISTER_(#fn, fn, EMBER_HANDLER_DEFAULT)

#define EMBER_HANDLER_(fn, flags)                                        \
    EMBER_EXTERN_C void fn(const uint8_t* input, size_t len);            \
    EMBER_REGISTER_(#fn, fn, flags);                                     \
    EMBER_EXTERN_C void fn(const uint8_t* input __attribute__((unused)), \
                           size_t len __attribute__((unused)))
#define EMBER_HANDLER(fn) EMBER_HANDLER_(fn, 0)
#define EMBER_DEFAULT_HANDLER(fn) EMBER_HANDLER_(fn, EMBER_HANDLER_DEFAULT)

#ifdef __cplusplus
extern "C" {
#endif

/* Optional: defined by the guest, run once before the snapshot. */
void ember_init(void);

/* ---- the call and reply pages ------------------------------------------- */

#define EMBER_RANDOM_SIZE 32u

#define EMBER_BOOT_PTR ((const struct ember_boot*)(uintptr_t)EMBER_BOOT_GPA)
#define EMBER_CALL_PTR ((const struct ember_call*)(uintptr_t)EMBER_CALL_GPA)
#define EMBER_REPLY_PTR \
    ((struct ember_reply*)(uintptr_t)(EMBER_CALL_GPA + offsetof(struct ember_call_page, reply)))

static inline const struct ember_boot* ember_boot(void) {
    return EMBER_BOOT_PTR;
}
static inline const struct ember_call* ember_call(void) {
    return EMBER_CALL_PTR;
}
static inline struct ember_reply* ember_reply(void) {
    return EMBER_REPLY_PTR;
}

/* The call's input (also the handler's arguments). */
static inline const uint8_t* ember_input(void) {
    return (const uint8_t*)(uintptr_t)EMBER_BOOT_PTR->input_start;
}
static inline size_t ember_input_len(void) {
    return EMBER_CALL_PTR->input_len;
}

/* EMBER_RANDOM_SIZE bytes, fresh for every call (the host writes them). */
static inline const uint8_t* ember_random_bytes(void) {
    return EMBER_CALL_PTR->random;
}

/* ---- building the reply -------------------------------------------------- */

/* Zero-copy: the reply is `len` bytes at `data`, which must stay valid after
 * the handler returns (not the handler's stack). */
static inline void ember_reply_bytes(const void* data, size_t len) {
    EMBER_REPLY_PTR->output_gva = (uint64_t)(uintptr_t)data;
    EMBER_REPLY_PTR->output_len = len;
}
static inline void ember_reply_str(const char* s) {
    ember_reply_bytes(s, __builtin_strlen(s));
}

/* The output buffer, to write the reply in place; then commit its length. */
static inline uint8_t* ember_output_buffer(size_t* capacity) {
    if (capacity) *capacity = EMBER_BOOT_PTR->output_size;
    return (uint8_t*)(uintptr_t)EMBER_BOOT_PTR->output_start;
}
static inline void ember_output_commit(size_t len) {
    EMBER_REPLY_PTR->output_gva = EMBER_BOOT_PTR->output_start;
    EMBER_REPLY_PTR->output_len = len;
}

/* Append to the output buffer; a reply set by ember_reply_bytes is replaced.
 * Each returns the number of bytes appended (less than asked when full). */
size_t ember_append(const void* data, size_t len);
size_t ember_append_u64(uint64_t value); /* decimal */
size_t ember_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
size_t ember_vprintf(const char* fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static inline size_t ember_append_str(const char* s) {
    return ember_append(s, __builtin_strlen(s));
}

/* HTTP status, 100..599 (default 200). */
static inline void ember_set_status(uint32_t status) {
    EMBER_REPLY_PTR->status = status;
}

/* Content type, truncated to EMBER_CONTENT_TYPE_MAX bytes. */
void ember_set_content_type_n(const char* type, size_t len);
static inline void ember_set_content_type(const char* type) {
    ember_set_content_type_n(type, __builtin_strlen(type));
}

/* Parses an unsigned decimal number that fills all of [s, s+len): no sign, no
 * space. Returns 0 and stores it in *out, or -1 (empty, bad digit, overflow). */
int ember_parse_u64(const void* s, size_t len, uint64_t* out);

/* ---- for runtimes built on the SDK (the Wasm runner) --------------------- */

/* Reports `count` handlers built at run time (1..EMBER_HANDLERS_MAX) at READY,
 * instead of those registered with EMBER_HANDLER and friends. Call it from
 * ember_init; the table must stay valid (a global, or the heap). */
void ember_set_handlers(const struct ember_handler_entry* table, size_t count);

/* Hands out, as one block of *size bytes (free() takes it back), all of the
 * heap that was never handed out but its last `keep` bytes, which stay for
 * malloc. For memory that must grow in place without moving (a Wasm linear
 * memory). NULL, with *size 0, when there is not more than `keep` left. */
void* ember_heap_take_rest(size_t keep, size_t* size);

/* ---- host calls ---------------------------------------------------------- */

/* Calls host function `name` with `arg`; the result goes to [result, cap).
 * Returns the result length, or a negative EMBER_HOSTCALL_E* code (ember/abi.h).
 * A function the sandbox does not allow never returns: the call ends. */
static inline int64_t ember_host_call_n(const char* name, size_t name_len, const void* arg,
                                        size_t arg_len, void* result, size_t cap) {
    register uint64_t r8 __asm__("r8") = (uint64_t)(uintptr_t)result;
    register uint64_t r9 __asm__("r9") = cap;
    int64_t ret;
    __asm__ volatile("outb %%al, %[port]"
                     : "=a"(ret)
                     : [port] "N"(EMBER_PORT_HOSTCALL), "D"(name), "S"(name_len), "d"(arg),
                       "c"(arg_len), "r"(r8), "r"(r9)
                     : "memory");
    return ret;
}
static inline int64_t ember_host_call(const char* name, const void* arg, size_t arg_len,
                                      void* result, size_t cap) {
    return ember_host_call_n(name, __builtin_strlen(name), arg, arg_len, result, cap);
}

/* Logs a message at info level through the host function "log". */
static inline void ember_log_n(const char* msg, size_t len) {
    ember_host_call_n("log", 3, msg, len, 0, 0);
}
static inline void ember_log(const char* msg) {
    ember_log_n(msg, __builtin_strlen(msg));
}
/* Formats into a 512-byte stack buffer (longer messages are truncated). */
void ember_logf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/* Wall clock, nanoseconds since the Unix epoch (host function "clock"). */
static inline uint64_t ember_clock_ns(void) {
    uint64_t ns = 0;
    ember_host_call_n("clock", 5, 0, 0, &ns, sizeof ns);
    return ns;
}

/* Fills buf with random bytes from the host (host function "random").
 * Returns the number of bytes written or a negative EMBER_HOSTCALL_E*. */
static inline int64_t ember_random(void* buf, size_t len) {
    return ember_host_call_n("random", 6, 0, 0, buf, len);
}

/* ---- the function's env (host function config_get) ------------------------ */
/* Reads value or secret `name` of the function's env into [buf, cap).
 * Returns its whole length, of which min(length, cap) bytes were written
 * (call again with a larger buffer when it is more than cap), or
 * EMBER_HOSTCALL_ENOTFOUND. Read it in ember_init: the value is then part of
 * the snapshot, and every call has it without a host call. */
static inline int64_t ember_config_get_n(const char* name, size_t name_len, void* buf, size_t cap) {
    return ember_host_call_n("config_get", 10, name, name_len, buf, cap);
}
static inline int64_t ember_config_get(const char* name, void* buf, size_t cap) {
    return ember_config_get_n(name, __builtin_strlen(name), buf, cap);
}

/* ---- key-value state (host functions kv_get, kv_set, kv_delete, kv_list) -- */
/* A function's own namespace, or the shared store its config names
 * (kv_store). Each function must be allowed in its host_functions.
 * - A write is durable once ember_kv_set or ember_kv_delete returns 0, and
 *   the next read anywhere sees it.
 * - Writes are not undone by the memory restore, nor by a failure of the
 *   call after them: a call that crashes after ember_kv_set has written.
 * - There are no transactions: two calls that read, add one and write back
 *   at once may both write the same value.
 * Errors are negative: EMBER_HOSTCALL_ENOTFOUND (no such key), _EKEY (empty
 * or too long a key), _ETOOBIG (too long a value), _EQUOTA (the namespace is
 * full), _EUNAVAILABLE (the store failed), _EFAULT (a bad pointer). */

/* Reads the value of a key into [value, cap). Returns its whole length, of
 * which min(length, cap) bytes were written: call again with a larger buffer
 * when it is more than cap. */
static inline int64_t ember_kv_get(const void* key, size_t key_len, void* value, size_t cap) {
    return ember_host_call_n("kv_get", 6, key, key_len, value, cap);
}

/* Creates or replaces a key's value; 0 once it is durable. */
static inline int64_t ember_kv_set(const void* key, size_t key_len, const void* value,
                                   size_t value_len) {
    const struct ember_kv_set arg = {{(uint64_t)(uintptr_t)key, key_len},
                                     {(uint64_t)(uintptr_t)value, value_len}};
    return ember_host_call_n("kv_set", 6, &arg, sizeof arg, 0, 0);
}

/* 0, or EMBER_HOSTCALL_ENOTFOUND when there was no such key. */
static inline int64_t ember_kv_delete(const void* key, size_t key_len) {
    return ember_host_call_n("kv_delete", 9, key, key_len, 0, 0);
}

/* Lists up to `limit` keys that start with `prefix` and sort after `after`
 * (byte order; pass the previous page's last key to go on), as many as fit
 * in [page, cap). Returns the bytes written or a negative error; walk them
 * with ember_kv_keys:
 *
 *     int64_t n = ember_kv_list("user:", 5, 0, 0, 100, buf, sizeof buf);
 *     struct ember_kv_keys keys = ember_kv_keys_of(buf, n);
 *     const uint8_t* key; uint32_t key_len;
 *     while (ember_kv_next_key(&keys, &key, &key_len)) ...
 *     if (keys.more) ... list again after the last key ...
 */
static inline int64_t ember_kv_list(const void* prefix, size_t prefix_len, const void* after,
                                    size_t after_len, uint64_t limit, void* page, size_t cap) {
    const struct ember_kv_list arg = {
        {(uint64_t)(uintptr_t)prefix, prefix_len}, {(uint64_t)(uintptr_t)after, after_len}, limit};
    return ember_host_call_n("kv_list", 7, &arg, sizeof arg, page, cap);
}

struct ember_kv_keys {
    const uint8_t* at;  /* the next key's length */
    const uint8_t* end; /* the end of what the host wrote */
    uint32_t left;      /* keys not yet walked */
    uint32_t more;      /* 1: keys after the page's last one remain */
};

/* The keys of a page ember_kv_list returned `written` (>= 0) bytes of. */
static inline struct ember_kv_keys ember_kv_keys_of(const void* page, int64_t written) {
    struct ember_kv_keys keys = {0, 0, 0, 0};
    struct ember_kv_page header;
    if (written < (int64_t)sizeof header) return keys;
    __builtin_memcpy(&header, page, sizeof header);
    keys.at = (const uint8_t*)page + sizeof header;
    keys.end = (const uint8_t*)page + written;
    keys.left = header.count;
    keys.more = header.more;
    return keys;
}

/* The next key: 1 and its bytes, or 0 when the page has no more. */
static inline int ember_kv_next_key(struct ember_kv_keys* keys, const uint8_t** key,
                                    uint32_t* key_len) {
    uint32_t len;
    if (keys->left == 0 || (size_t)(keys->end - keys->at) < sizeof len) return 0;
    __builtin_memcpy(&len, keys->at, sizeof len);
    if ((size_t)(keys->end - keys->at) - sizeof len < len) return 0;
    *key = keys->at + sizeof len;
    *key_len = len;
    keys->at += sizeof len + len;
    --keys->left;
    return 1;
}

/* ---- outbound HTTP (host function http_fetch) ----------------------------- */
/* Sends an HTTP request to a host in the function's allowed_hosts and puts
 * the response into [buf, cap): a struct ember_http_response, its header
 * lines, its body. Returns the whole length of the three, of which
 * min(length, cap) bytes were written, or a negative error (ember/abi.h).
 * `headers` are "Name: value" lines ending in "\r\n"; 0 for none.
 *
 *     int64_t n = ember_http_fetch("GET", "https://api.example.com/v1", 0, 0, 0, buf, cap);
 *     struct ember_http_reply reply;
 *     if (n >= 0 && ember_http_reply_of(buf, n, cap, &reply) == 0) ... reply.body ...
 */
static inline int64_t ember_http_fetch(const char* method, const char* url, const char* headers,
                                       const void* body, size_t body_len, void* buf, size_t cap) {
    const struct ember_http_request arg = {
        {(uint64_t)(uintptr_t)method, __builtin_strlen(method)},
        {(uint64_t)(uintptr_t)url, __builtin_strlen(url)},
        {(uint64_t)(uintptr_t)headers, headers ? __builtin_strlen(headers) : 0},
        {(uint64_t)(uintptr_t)body, body_len}};
    return ember_host_call_n("http_fetch", 10, &arg, sizeof arg, buf, cap);
}

struct ember_http_reply {
    uint32_t status;
    const char* headers; /* "name: value\r\n" lines */
    size_t headers_len;
    const uint8_t* body;
    size_t body_len;
};

/* Splits what ember_http_fetch wrote: 0, or -1 when the response was larger
 * than the buffer (`written` > cap: fetch again with a larger one). */
static inline int ember_http_reply_of(const void* buf, int64_t written, size_t cap,
                                      struct ember_http_reply* reply) {
    struct ember_http_response head;
    if (written < (int64_t)sizeof head || (uint64_t)written > cap) return -1;
    __builtin_memcpy(&head, buf, sizeof head);
    reply->status = head.status;
    reply->headers = (const char*)buf + sizeof head;
    reply->headers_len = head.headers_len;
    reply->body = (const uint8_t*)buf + sizeof head + head.headers_len;
    reply->body_len = head.body_len;
    return 0;
}

/* Ends the call with an error carrying `msg`; never returns. */
__attribute__((noreturn)) static inline void ember_abort_n(const char* msg, size_t len) {
    __asm__ volatile("outb %%al, %[port]" ::[port] "N"(EMBER_PORT_ABORT), "D"(msg), "S"(len)
                     : "memory");
    __builtin_trap(); /* ud2: the host never resumes an aborted call */
}
__attribute__((noreturn)) static inline void ember_abort(const char* msg) {
    ember_abort_n(msg, __builtin_strlen(msg));
}

#define EMBER_STR_(x) #x
#define EMBER_STR(x) EMBER_STR_(x)
/* Aborts the call with "file:line: assertion failed: expr" when expr is false. */
#define EMBER_ASSERT(expr) \
    ((expr) ? (void)0 : ember_abort(__FILE__ ":" EMBER_STR(__LINE__) ": assertion failed: " #expr))

#ifdef __cplusplus
}
#endif

#endif
