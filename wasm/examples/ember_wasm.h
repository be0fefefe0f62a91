/* What Ember adds to WASI for a WebAssembly function (docs/wasm.md): the
 * import module "ember". Copy this header into your project, or declare the
 * imports yourself; in other languages, import the same names. */
#ifndef EMBER_WASM_H
#define EMBER_WASM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One line of the call's log (no newline needed). */
__attribute__((import_module("ember"), import_name("log"))) void ember_log(const char* line,
                                                                           size_t len);

/* The reply's HTTP status, 100..599 (default 200); another value traps. */
__attribute__((import_module("ember"), import_name("set_status"))) void ember_set_status(
    uint32_t status);

#ifdef __cplusplus
}
#endif

#endif
