// The guest's system tables, written by the host into supervisor pages: a GDT
// with ring-0 and ring-3 segments, a TSS whose I/O permission bitmap grants
// ring 3 exactly the guest hypercall ports, an IDT whose gates lead into the
// host's exception stub, and the stub itself.
#pragma once

#include <ember/abi.h>

#include <cstdint>

#include "sandbox/guest_memory.hpp"

namespace ember::sandbox::x86_64 {

// Selectors in the GDT. The user ones carry RPL 3.
inline constexpr uint16_t kernel_code_selector = 0x08;
inline constexpr uint16_t kernel_data_selector = 0x10;
inline constexpr uint16_t user_data_selector = 0x18 | 3;
inline constexpr uint16_t user_code_selector = 0x20 | 3;
inline constexpr uint16_t tss_selector = 0x28;

inline constexpr uint64_t gdt_gpa = EMBER_SYSTEM_TABLES_GPA;
inline constexpr uint16_t gdt_limit = 7 * 8 - 1;  // null, 4 segments, TSS (two slots)
inline constexpr uint64_t tss_gpa = EMBER_SYSTEM_TABLES_GPA + 0x100;
inline constexpr uint64_t idt_gpa = EMBER_SYSTEM_TABLES_GPA + 0x800;

// The TSS, its I/O permission bitmap for ports 0-255 and the bitmap's
// terminating byte; ports above 255 lie beyond the limit and are denied.
inline constexpr uint32_t tss_size = 0x68;
inline constexpr uint32_t io_bitmap_bytes = 256 / 8;
inline constexpr uint32_t tss_limit = tss_size + io_bitmap_bytes + 1 - 1;

// Writes the GDT, TSS, I/O bitmap and IDT at EMBER_SYSTEM_TABLES_GPA and the
// exception stub at EMBER_EXCEPTION_STUB_GPA. Returns the IDT's limit.
uint16_t write_system_tables(const GuestMemory& memory);

}  // namespace ember::sandbox::x86_64
