/* abi.h's hypercall ports for entry.S, which cannot include abi.h (C structs).
 * init.c checks that the two agree. */
#ifndef EMBER_RUNTIME_ASM_PORTS_H
#define EMBER_RUNTIME_ASM_PORTS_H

#define EMBER_ASM_PORT_READY 0xE0
#define EMBER_ASM_PORT_DONE 0xE1

#endif
