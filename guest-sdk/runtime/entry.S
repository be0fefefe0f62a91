/* Guest entry and the "done" stub: the only code of the runtime the host
 * jumps to directly. See abi.h for the contract. Everything here runs in
 * ring 3; CPU exceptions go to the host's own ring-0 stub, not to the guest.
 *
 * Ports are encoded in the instruction (`out %al, $imm8`), which leaves rdx
 * free for the hypercall arguments; the value in al is ignored. */
#include "asm_ports.h"

    .section .text.ember_entry, "ax", @progbits

/* Entered once by the host: rsp = boot->stack_end (16-byte aligned). Runs
 * init, then parks the "done" stub as the return address of every future
 * call and reports READY; the host snapshots right here. */
    .globl _start
    .type _start, @function
_start:
    call ember_runtime_init         /* rax = handler table, rdx = count */
    pushq $ember_done               /* rsp = stack_end - 8: a handler's entry rsp */
    movq %rax, %rdi
    movq %rdx, %rsi
    outb %al, $EMBER_ASM_PORT_READY
    ud2                             /* the host never resumes here */
    .size _start, . - _start

/* Every handler returns here: the reply is in struct ember_reply. */
    .globl ember_done
    .type ember_done, @function
ember_done:
    outb %al, $EMBER_ASM_PORT_DONE
    ud2
    .size ember_done, . - ember_done

    .section .note.GNU-stack, "", @progbits
