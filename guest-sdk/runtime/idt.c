/* The guest's interrupt descriptor table: one 64-bit interrupt gate per CPU
 * exception vector, every one on IST1 so that even a stack overflow into the
 * guard page is reported on a good stack. */
#include <ember/abi.h>

#include "runtime.h"

#define IDT_VECTORS 32
#define GATE_INTERRUPT_PRESENT 0x8E /* P=1, DPL=0, type 0xE: 64-bit interrupt gate */
#define GATE_IST1 1

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

struct __attribute__((packed)) idt_pointer {
    uint16_t limit;
    uint64_t base;
};

extern const uint64_t ember_exception_table[IDT_VECTORS]; /* entry.S */

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

void ember_idt_install(void) {
    for (int v = 0; v < IDT_VECTORS; ++v) {
        uint64_t handler = ember_exception_table[v];
        idt[v] = (struct idt_gate){
            .offset_low = (uint16_t)handler,
            .selector = EMBER_SELECTOR_CODE,
            .ist = GATE_IST1,
            .type_attr = GATE_INTERRUPT_PRESENT,
            .offset_mid = (uint16_t)(handler >> 16),
            .offset_high = (uint32_t)(handler >> 32),
            .reserved = 0,
        };
    }
    struct idt_pointer ptr = {.limit = sizeof idt - 1, .base = (uint64_t)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(ptr) : "memory");
}
