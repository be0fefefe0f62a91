/* Privileged acts from a handler, one per handler. The guest runs in ring 3,
 * so each must end its call as a typed fault and leave nothing behind; the
 * handler "ok" must then work on the same sandbox.
 *   cr0 cr3 cr4          mov to a control register
 *   dr7                  mov to a debug register
 *   wrmsr rdmsr          IA32_LSTAR
 *   lgdt lidt ltr        descriptor-table and task registers
 *   swapgs wrgsbase      GS base tricks (wrgsbase: CR4.FSGSBASE is off)
 *   xsetbv               XCR0
 *   hlt cli sti          halting and interrupts
 *   out80 in80 outdx     port I/O outside the ABI's ports (0x80, 0x3f8)
 *   out_exception        the exception stub's own port (ring 0 only)
 *   int80                a software interrupt
 *   kernel_ds            loads the ring-0 data selector into DS
 *   write_*              writes to Ember's supervisor pages and boot block
 *   read_pagetables      reads the page tables */
#include "t_util.h"

T_OK_HANDLER()

#define WRITE_TO(name, address)                                    \
    EMBER_HANDLER(name) {                                          \
        *(volatile uint64_t*)opaque_ptr(address) = 0xbadc0ffeeull; \
        ember_reply_str("wrote");                                  \
    }

EMBER_DEFAULT_HANDLER(cr0) {
    __asm__ volatile("movq %0, %%cr0" : : "r"((uint64_t)0x80000011) : "memory");
}
EMBER_HANDLER(cr3) {
    __asm__ volatile("movq %0, %%cr3" : : "r"((uint64_t)0) : "memory");
}
EMBER_HANDLER(cr4) {
    __asm__ volatile("movq %0, %%cr4" : : "r"((uint64_t)0x10620) : "memory");
}
EMBER_HANDLER(dr7) {
    __asm__ volatile("movq %0, %%dr7" : : "r"((uint64_t)1) : "memory");
}
EMBER_HANDLER(wrmsr) {
    __asm__ volatile("wrmsr" : : "c"(0xC0000082u), "a"(0u), "d"(0u));
}
EMBER_HANDLER(rdmsr) {
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xC0000082u));
    ember_printf("0x%x%08x", hi, lo);
}

static const struct __attribute__((packed)) {
    uint16_t limit;
    uint64_t base;
} empty_table = {0, 0};

EMBER_HANDLER(lgdt) {
    __asm__ volatile("lgdt %0" : : "m"(empty_table) : "memory");
}
EMBER_HANDLER(lidt) {
    __asm__ volatile("lidt %0" : : "m"(empty_table) : "memory");
}
EMBER_HANDLER(ltr) {
    __asm__ volatile("ltr %w0" : : "r"(0x28) : "memory");
}
EMBER_HANDLER(swapgs) {
    __asm__ volatile("swapgs" : : : "memory");
}
EMBER_HANDLER(wrgsbase) {
    __asm__ volatile("wrgsbase %0" : : "r"((uint64_t)0x5ca1ab1e) : "memory");
}
EMBER_HANDLER(xsetbv) {
    __asm__ volatile("xsetbv" : : "c"(0), "a"(1u), "d"(0u));
}
EMBER_HANDLER(hlt) {
    __asm__ volatile("hlt");
}
EMBER_HANDLER(cli) {
    __asm__ volatile("cli");
}
EMBER_HANDLER(sti) {
    __asm__ volatile("sti");
}
EMBER_HANDLER(out80) {
    __asm__ volatile("outb %%al, $0x80" : : "a"(0));
}
EMBER_HANDLER(in80) {
    uint8_t v;
    __asm__ volatile("inb $0x80, %0" : "=a"(v));
    ember_append_u64(v);
}
EMBER_HANDLER(outdx) {
    __asm__ volatile("outb %%al, %%dx" : : "a"(0), "d"(0x3f8));
}
EMBER_HANDLER(out_exception) {
    __asm__ volatile("outb %%al, $0xe4" : : "a"(0));
}
EMBER_HANDLER(int80) {
    __asm__ volatile("int $0x80");
}
EMBER_HANDLER(kernel_ds) {
    __asm__ volatile("movw %w0, %%ds" : : "r"(0x10) : "memory");
}

WRITE_TO(write_boot, EMBER_BOOT_GPA)
WRITE_TO(write_gdt, EMBER_SYSTEM_TABLES_GPA + 8)
WRITE_TO(write_tss, EMBER_SYSTEM_TABLES_GPA + 0x104)
WRITE_TO(write_idt, EMBER_SYSTEM_TABLES_GPA + 0x800)
WRITE_TO(write_stub, EMBER_EXCEPTION_STUB_GPA)
WRITE_TO(write_exception_stack, EMBER_EXCEPTION_STACK_TOP - 8)
WRITE_TO(write_pagetables, EMBER_PAGE_TABLES_GPA)

EMBER_HANDLER(read_pagetables) {
    ember_append_u64(*(volatile uint64_t*)opaque_ptr(EMBER_PAGE_TABLES_GPA));
}
