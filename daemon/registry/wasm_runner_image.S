/* The runner guest's ELF, as bytes in emberd's read-only data
 * (wasm_runner_image.hpp). EMBER_WASM_RUNNER_ELF is its path in the build. */
    .section .rodata.ember_wasm_runner, "a", @progbits
    .p2align 4
    .globl ember_wasm_runner_start
ember_wasm_runner_start:
    .incbin EMBER_WASM_RUNNER_ELF
    .globl ember_wasm_runner_end
ember_wasm_runner_end:

    .section .note.GNU-stack, "", @progbits
