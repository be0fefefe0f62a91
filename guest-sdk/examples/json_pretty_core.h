/* JSON pretty-printing in plain, freestanding C: no libc, no allocation. The
 * json_pretty example guest runs it natively, and its WebAssembly twin
 * (wasm/examples) compiles the same file to wasm32-wasi. */
#ifndef EMBER_EXAMPLE_JSON_PRETTY_CORE_H
#define EMBER_EXAMPLE_JSON_PRETTY_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where the output goes: bytes past `cap` are counted in `len` but dropped. */
struct json_out {
    uint8_t* buf;
    size_t cap;
    size_t len;
};

#define JSON_MAX_DEPTH 64

/* Checks that [in, in+len) is one JSON value (RFC 8259; at most
 * JSON_MAX_DEPTH nested arrays and objects) and writes it indented by two
 * spaces per level, one member or element per line, then a newline. Strings
 * and numbers are copied as written. Returns -1, or the offset of the first
 * byte that is not valid JSON (len when the input ends too soon). */
long json_pretty_print(const uint8_t* in, size_t len, struct json_out* out);

#ifdef __cplusplus
}
#endif

#endif
