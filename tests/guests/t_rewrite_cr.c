/* Ring-0 privileges a guest can abuse; each of cr3, cr0, idt, msr (the
 * default) fails its own call and nothing of it may reach the next one.
 *   msr         clears IA32_EFER (LME with paging on): #GP
 *   cr3         loads CR3 with 0: no page tables left, triple fault
 *   cr0         clears CR0.WP, overwrites the code of handler "ok" with ud2
 *               and calls it: #UD (or a fault if the host keeps code
 *               read-only below the guest's page tables); "ok" must work in
 *               the next call
 *   idt         loads an empty IDT, then faults: triple fault
 *   msr_lstar   replies IA32_LSTAR as found on entry (hex), then changes it:
 *               a second call must reply the same value as the first
 *   dr, dr_read  write and read the debug registers */
#include "t_util.h"

T_OK_HANDLER()

#define IA32_EFER 0xC0000080u
#define IA32_LSTAR 0xC0000082u

static uint64_t read_msr(uint32_t msr) {
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static void write_msr(uint32_t msr, uint64_t value) {
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

EMBER_DEFAULT_HANDLER(msr) {
    write_msr(IA32_EFER, 0);
}

EMBER_HANDLER(cr3) {
    __asm__ volatile("movq %0, %%cr3" : : "r"((uint64_t)0) : "memory");
}

EMBER_HANDLER(cr0) {
    uint64_t cr0;
    __asm__ volatile("movq %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("movq %0, %%cr0" : : "r"(cr0 & ~(1ull << 16)) : "memory");
    volatile uint8_t* code = opaque_ptr((uintptr_t)&ok);
    code[0] = 0x0F; /* ud2 */
    code[1] = 0x0B;
    ((ember_handler_fn)opaque_ptr((uintptr_t)&ok))(input, len);
    ember_reply_str("patched code ran without faulting");
}

EMBER_HANDLER(idt) {
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } empty = {0, 0};
    __asm__ volatile("lidt %0\n\tud2" : : "m"(empty) : "memory");
}

EMBER_HANDLER(msr_lstar) {
    ember_printf("0x%llx", (unsigned long long)read_msr(IA32_LSTAR));
    write_msr(IA32_LSTAR, 0xFFFFFFFF8BADF00Dull);
}

/* Debug registers: dr writes DR0 and arms DR7 with a breakpoint on it;
 * dr_read replies DR0 and DR7 as found on entry (hex). */
EMBER_HANDLER(dr) {
    __asm__ volatile("movq %0, %%dr0" : : "r"((uint64_t)0x5ca1ab1e) : "memory");
    __asm__ volatile("movq %0, %%dr7" : : "r"((uint64_t)0x1) : "memory");
    ember_reply_str("wrote");
}

EMBER_HANDLER(dr_read) {
    uint64_t dr0, dr7;
    __asm__ volatile("movq %%dr0, %0" : "=r"(dr0));
    __asm__ volatile("movq %%dr7, %0" : "=r"(dr7));
    ember_printf("dr0=0x%llx dr7=0x%llx", (unsigned long long)dr0, (unsigned long long)dr7);
}
