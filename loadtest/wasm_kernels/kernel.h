/* The CPU-heavy kernels Ember's Wasm interpreter is measured with
 * (loadtest/wasm-bench). Each file defines NAME_run: no arguments, no
 * imports, a checksum as the result, so that the same C builds three ways:
 *   - to a Wasm module exporting NAME_run alone, for wabt's wasm-interp
 *     (--run-all-exports: Debian's build has no WASI) and ember-wasm-bench;
 *   - into the Wasm reactor and the native SDK guest that answer calls with
 *     the checksum (handlers_*.c), to compare the two inside the VM;
 *   - natively on the host, into ember-wasm-bench. */
#ifndef EMBER_WASM_KERNEL_H
#define EMBER_WASM_KERNEL_H

int fib30_run(void);
int coremark_loop_run(void);
int sha256_64k_run(void);

#endif
