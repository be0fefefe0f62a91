/* One entry point per handler slot, 16 bytes apart: the host enters a
 * handler with rdi = input and rsi = length; the trampoline adds its slot
 * in edx and jumps (the return address, ember_done, stays on the stack). */
    .text
    .globl ember_wasm_trampolines
    .type ember_wasm_trampolines, @function
    .p2align 4
ember_wasm_trampolines:
    .set ember_wasm_slot, 0
    .rept 256 /* EMBER_HANDLERS_MAX */
    movl $ember_wasm_slot, %edx
    jmp ember_wasm_call
    .p2align 4
    .set ember_wasm_slot, ember_wasm_slot + 1
    .endr
    .size ember_wasm_trampolines, . - ember_wasm_trampolines

    .section .note.GNU-stack, "", @progbits
