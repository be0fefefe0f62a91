/* The Ember host/guest ABI: the one contract that the host (sandbox/) and the
 * guest runtime (guest-sdk/) both compile against. Plain C, fixed-width types,
 * every struct's layout pinned by static asserts. Guest pointers are plain
 * 64-bit integers here: the host never dereferences them without a check.
 *
 * Memory: one contiguous region per sandbox, identity-mapped (guest virtual ==
 * guest physical). The low 1 MiB is reserved for the host's structures; the
 * guest's ELF image starts at EMBER_IMAGE_BASE; heap, stack and the I/O
 * buffers follow, at addresses the host publishes in struct ember_boot.
 *
 * The guest's code (the runtime, init and every handler) runs in ring 3.
 * Ring 0 holds only the host's exception stub, which reports a CPU exception
 * to the host; pages marked "supervisor" are mapped for ring 0 only.
 *
 *   address   region                              ring 3 (guest)   ring 0 (stub)
 *   0x000000  null page                           unmapped         unmapped
 *   0x001000  struct ember_boot                   read-only        read-only
 *   0x002000  struct ember_call_page              read-write       read-write
 *   0x003000  GDT, TSS + I/O bitmap, IDT          supervisor       read-only
 *   0x004000  exception stub (written by host)    supervisor       read+execute
 *   0x005000  exception stack (TSS.RSP0, IST1)    supervisor       read-write
 *   0x006000  page tables                         unmapped         unmapped
 *   0x100000  ELF image (PT_LOAD)                 per segment: RX, R or RW
 *             heap                                read-write
 *             stack guard page                    unmapped
 *             stack                               read-write
 *             input buffer                        read-only
 *             output buffer                       read-write, ends at memory_size
 * Everything but the image's code and the stub is no-execute. The host reads
 * and writes guest memory on the guest's behalf (replies, host-call
 * arguments and results) only where ring 3 itself could.
 *
 * A call: the host writes the input into the input buffer and a struct
 * ember_call, then enters the guest at the handler with
 *   rdi = input address, rsi = input length, rsp -> return into the runtime's
 *   ember_done (guest-sdk/runtime/entry.S);
 * the handler fills struct ember_reply (usually by pointing output_gva at
 * bytes it already has: zero-copy) and returns; ember_done leaves the VM
 * through EMBER_PORT_DONE.
 *
 * Hypercalls are `out %al, $PORT` to one of the ports below (the port is an
 * immediate, since rdx carries an argument); arguments travel in registers
 * (System V order: rdi, rsi, rdx, rcx, r8, r9), results in rax. The TSS's
 * I/O permission bitmap lets ring 3 reach READY, DONE, HOSTCALL and ABORT;
 * any other port is a general protection fault.
 *
 * Floating point: x87 and SSE are on (CR4.OSFXSR, OSXMMEXCPT); AVX too when
 * the host CPU has it (XCR0 and CPUID say so). FPU state is part of the
 * snapshot and is put back after every call.
 */
#ifndef EMBER_ABI_H
#define EMBER_ABI_H

#include <stdint.h>

#define EMBER_ABI_VERSION 2u

#define EMBER_PAGE_SIZE 0x1000ull
#define EMBER_BOOT_GPA 0x1000ull
#define EMBER_CALL_GPA 0x2000ull
#define EMBER_SYSTEM_TABLES_GPA 0x3000ull
#define EMBER_EXCEPTION_STUB_GPA 0x4000ull
#define EMBER_EXCEPTION_STACK_GPA 0x5000ull
#define EMBER_EXCEPTION_STACK_TOP 0x6000ull
#define EMBER_PAGE_TABLES_GPA 0x6000ull
#define EMBER_IMAGE_BASE 0x100000ull

/* Bounds on a sandbox's memory. The page tables for the maximum fit below
 * EMBER_IMAGE_BASE (4 KiB pages throughout, so permissions are per page). */
#define EMBER_MEMORY_MIN_MB 2u
#define EMBER_MEMORY_MAX_MB 256u

/* Hypercall ports. */
#define EMBER_PORT_READY 0xE0u /* init done: rdi = handler table, rsi = count */
#define EMBER_PORT_DONE 0xE1u  /* call done: reply is in struct ember_reply */
#define EMBER_PORT_HOSTCALL                                           \
    0xE2u                      /* rdi/rsi = name, rdx/rcx = argument, \
                                  r8/r9 = result buffer; rax = result */
#define EMBER_PORT_ABORT 0xE3u /* rdi/rsi = message */
#define EMBER_PORT_EXCEPTION                                              \
    0xE4u /* ring 0 only: rsp -> vector, error code, then the CPU's frame \
             (rip, cs, rflags, rsp, ss) */

/* Results of a host call, in rax: a non-negative value is the number of
 * result bytes written; a negative one is one of these. A call to a host
 * function that the sandbox does not allow never returns: it ends the call. */
#define EMBER_HOSTCALL_EINVAL (-1ll) /* bad argument (the function's own rules) */
#define EMBER_HOSTCALL_ERANGE (-2ll) /* result buffer too small */
#define EMBER_HOSTCALL_EFAULT                                             \
    (-3ll) /* an argument points at memory the guest may not read, or the \
              argument is not the struct the function takes */
#define EMBER_HOSTCALL_ENOTFOUND (-4ll) /* kv: no such key */
#define EMBER_HOSTCALL_EKEY (-5ll)      /* kv: key empty, or longer than the limit */
#define EMBER_HOSTCALL_ETOOBIG (-6ll)   /* kv: value longer than the limit */
#define EMBER_HOSTCALL_EQUOTA (-7ll)    /* kv: the store's quota would be exceeded */
#define EMBER_HOSTCALL_EUNAVAILABLE                                                    \
    (-8ll) /* kv: the store failed or cannot be reached; http_fetch: no address of the \
              host answered */
#define EMBER_HOSTCALL_EDENIED (-9ll)    /* http_fetch: the host (or a redirect's) is not allowed */
#define EMBER_HOSTCALL_ETIMEDOUT (-10ll) /* http_fetch: the connect or read timeout passed */
#define EMBER_HOSTCALL_EPROTO (-11ll)    /* http_fetch: the server broke HTTP or TLS */

/* A byte string in guest memory, for host-call arguments made of several. */
struct ember_bytes {
    uint64_t gva;
    uint64_t len;
};

/* config_get: argument = a name; result = its value in the function's env
 * (values and secrets alike). Returns the value's whole length, of which
 * min(length, cap) bytes were written, or ENOTFOUND. */

/* Key-value host functions (a function's own namespace, or the shared store
 * its config names). Keys are 1..512 bytes and values 0..1 MiB by default;
 * any byte is allowed in both.
 *   kv_get:    argument = the key; result = the value. Returns the value's
 *              whole length, of which min(length, cap) bytes were written.
 *   kv_set:    argument = struct ember_kv_set; returns 0 once the write is
 *              durable.
 *   kv_delete: argument = the key; returns 0, or ENOTFOUND.
 *   kv_list:   argument = struct ember_kv_list; result = struct
 *              ember_kv_page, then `count` keys, each a uint32_t length and
 *              its bytes (unaligned), in byte order, as many as fit in cap.
 *              Returns the bytes written; ERANGE when not even one key fits. */
struct ember_kv_set {
    struct ember_bytes key;
    struct ember_bytes value;
};

struct ember_kv_list {
    struct ember_bytes prefix; /* only keys that start with it (may be empty) */
    struct ember_bytes after;  /* only keys after it: the last key of the
                                  previous page (empty: from the first) */
    uint64_t limit;            /* at most this many keys (1 or more; the
                                  host caps it, at 1000 by default) */
};

struct ember_kv_page {
    uint32_t count; /* keys that follow */
    uint32_t more;  /* 1: keys after the last one remain */
};

/* http_fetch: argument = struct ember_http_request; result = struct
 * ember_http_response, then its header lines, then its body. Returns the
 * whole length of the three, of which min(length, cap) bytes were written.
 * Errors: EINVAL (a bad method, URL or header), EDENIED, EUNAVAILABLE,
 * ETIMEDOUT, ETOOBIG (a response over the daemon's limit), EPROTO. A fetch
 * still running at the call's deadline is cut off and the call ends as
 * timed out: the guest is not resumed. */
struct ember_http_request {
    struct ember_bytes method;  /* "GET", "POST", "PUT" or "DELETE" */
    struct ember_bytes url;     /* http:// or https:// */
    struct ember_bytes headers; /* "Name: value" lines, each ending in "\r\n" or "\n" */
    struct ember_bytes body;
};

struct ember_http_response {
    uint32_t status;      /* 100..599 */
    uint32_t headers_len; /* "name: value\r\n" lines (names in lower case) */
    uint64_t body_len;
};

/* Filled by the host before the guest's entry point runs; read-only to the
 * guest. Addresses are guest addresses; each region is [start, end). */
struct ember_boot {
    uint32_t abi_version;
    uint32_t reserved0;
    uint64_t memory_size;
    uint64_t heap_start;
    uint64_t heap_end;
    uint64_t stack_start; /* lowest usable stack byte; the guard page is below */
    uint64_t stack_end;   /* initial rsp */
    uint64_t input_start;
    uint64_t input_size; /* capacity */
    uint64_t output_start;
    uint64_t output_size; /* capacity */
};

/* Written by the host before every call. */
struct ember_call {
    uint64_t input_len;
    uint64_t reserved0;
    uint8_t random[32]; /* fresh for every call: sandboxes cloned from one
                           snapshot share everything else */
};

#define EMBER_CONTENT_TYPE_MAX 112u

/* Written by the guest during a call. Every call starts from the reply as
 * the snapshot holds it: the runtime's defaults (output_gva = output buffer,
 * output_len = 0, status 200, no content type), or what init set instead. */
struct ember_reply {
    uint64_t output_gva; /* anywhere in guest memory: zero-copy */
    uint64_t output_len;
    uint32_t status; /* HTTP status, 100..599 */
    uint32_t content_type_len;
    char content_type[EMBER_CONTENT_TYPE_MAX];
};

struct ember_call_page {
    struct ember_call call;
    struct ember_reply reply;
};

/* One registered handler; the runtime reports an array of them at READY. */
#define EMBER_HANDLER_NAME_MAX 64u
#define EMBER_HANDLERS_MAX 256u
#define EMBER_HANDLER_DEFAULT 1u

struct ember_handler_entry {
    uint64_t name_gva;
    uint64_t fn_gva; /* void fn(const uint8_t *input, uint64_t len) */
    uint32_t name_len;
    uint32_t flags;
};

#ifdef __cplusplus
#define EMBER_ABI_STATIC_ASSERT static_assert
#else
#define EMBER_ABI_STATIC_ASSERT _Static_assert
#endif

EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_boot) == 80, "ember_boot layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_call) == 48, "ember_call layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_reply) == 136, "ember_reply layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_call_page) == 184, "ember_call_page layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_call_page) <= EMBER_PAGE_SIZE, "call page fits a page");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_handler_entry) == 24, "handler entry layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_bytes) == 16, "ember_bytes layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_kv_set) == 32, "ember_kv_set layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_kv_list) == 40, "ember_kv_list layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_kv_page) == 8, "ember_kv_page layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_http_request) == 64, "ember_http_request layout");
EMBER_ABI_STATIC_ASSERT(sizeof(struct ember_http_response) == 16, "ember_http_response layout");

#endif
