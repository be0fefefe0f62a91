/* Guest entry, the "done" stub and the exception stubs: the only code of the
 * runtime the host jumps to directly. See abi.h for the contract.
 *
 * Ports are encoded in the instruction (`out %al, $imm8`), which leaves rdx
 * free for the hypercall arguments; the value in al is ignored. */
#include "asm_ports.h"

    .section .text.ember_entry, "ax", @progbits

/* Entered once by the host: rsp = boot->stack_end (16-byte aligned),
 * interrupts off. Runs init, then parks the "done" stub as the return address
 * of every future call and reports READY; the host snapshots right here. */
    .globl _start
    .type _start, @function
_start:
    call ember_runtime_init         /* returns the number of handlers */
    /* Init may have used the FPU (a #NM cleared CR0.TS): set TS again so the
     * snapshot traps every call's first FPU use, as the host expects. */
    movq %cr0, %rcx
    orq $8, %rcx                    /* CR0.TS */
    movq %rcx, %cr0
    pushq $ember_done               /* rsp = stack_end - 8: a handler's entry rsp */
    movq $__ember_handlers_start, %rdi
    movq %rax, %rsi
    outb %al, $EMBER_ASM_PORT_READY
1:  hlt                             /* the host never resumes here */
    jmp 1b
    .size _start, . - _start

/* Every handler returns here: the reply is in struct ember_reply. */
    .globl ember_done
    .type ember_done, @function
ember_done:
    outb %al, $EMBER_ASM_PORT_DONE
1:  hlt
    jmp 1b
    .size ember_done, . - ember_done

/* #NM: CR0.TS is set in the snapshot so the host knows whether a call touched
 * the FPU. The first x87/SSE instruction lands here; clearing TS is enough. */
    .globl ember_nm_handler
    .type ember_nm_handler, @function
ember_nm_handler:
    clts
    iretq
    .size ember_nm_handler, . - ember_nm_handler

/* Vectors 0-31 except 7: push a zero error code where the CPU pushes none,
 * then the vector, and report to the host. Runs on IST1. */
.macro EXCEPTION vector, has_error
    .type ember_exception_\vector, @function
ember_exception_\vector:
    .if \has_error == 0
    pushq $0
    .endif
    pushq $\vector
    jmp ember_exception_common
.endm

EXCEPTION 0, 0
EXCEPTION 1, 0
EXCEPTION 2, 0
EXCEPTION 3, 0
EXCEPTION 4, 0
EXCEPTION 5, 0
EXCEPTION 6, 0
EXCEPTION 8, 1
EXCEPTION 9, 0
EXCEPTION 10, 1
EXCEPTION 11, 1
EXCEPTION 12, 1
EXCEPTION 13, 1
EXCEPTION 14, 1
EXCEPTION 15, 0
EXCEPTION 16, 0
EXCEPTION 17, 1
EXCEPTION 18, 0
EXCEPTION 19, 0
EXCEPTION 20, 0
EXCEPTION 21, 1
EXCEPTION 22, 0
EXCEPTION 23, 0
EXCEPTION 24, 0
EXCEPTION 25, 0
EXCEPTION 26, 0
EXCEPTION 27, 0
EXCEPTION 28, 0
EXCEPTION 29, 1
EXCEPTION 30, 1
EXCEPTION 31, 0

/* Stack: vector, error code, rip, cs, rflags, rsp, ss. */
ember_exception_common:
    movq 0(%rsp), %rdi
    movq 8(%rsp), %rsi
    movq 16(%rsp), %rdx
    movq %cr2, %rcx
    outb %al, $EMBER_ASM_PORT_EXCEPTION
1:  hlt
    jmp 1b

/* The IDT's handler addresses, indexed by vector (read by idt.c). */
    .section .rodata.ember_exception_table, "a", @progbits
    .balign 8
    .globl ember_exception_table
ember_exception_table:
    .quad ember_exception_0, ember_exception_1, ember_exception_2, ember_exception_3
    .quad ember_exception_4, ember_exception_5, ember_exception_6, ember_nm_handler
    .quad ember_exception_8, ember_exception_9, ember_exception_10, ember_exception_11
    .quad ember_exception_12, ember_exception_13, ember_exception_14, ember_exception_15
    .quad ember_exception_16, ember_exception_17, ember_exception_18, ember_exception_19
    .quad ember_exception_20, ember_exception_21, ember_exception_22, ember_exception_23
    .quad ember_exception_24, ember_exception_25, ember_exception_26, ember_exception_27
    .quad ember_exception_28, ember_exception_29, ember_exception_30, ember_exception_31

    .section .note.GNU-stack, "", @progbits
