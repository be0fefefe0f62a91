// Guest error kinds and human-readable descriptions of guest CPU exceptions.
#include "sandbox/guest_error.hpp"

#include <ember/abi.h>

#include <array>
#include <cstdio>

namespace ember::sandbox {

namespace {

constexpr uint64_t page_fault = 14;
constexpr uint64_t pf_present = 1u << 0, pf_write = 1u << 1, pf_fetch = 1u << 4;

constexpr std::array<std::string_view, 22> vector_names = {
    "divide error",
    "debug exception",
    "non-maskable interrupt",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection fault",
    "page fault",
    "reserved exception 15",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point exception",
    "virtualization exception",
    "control protection exception",
};

std::string_view region_of(uint64_t address, const Layout& layout) {
    if (address < EMBER_PAGE_SIZE) return "null dereference";
    if (address >= layout.stack_start - EMBER_PAGE_SIZE && address < layout.stack_start) {
        return "stack overflow into the guard page";
    }
    if (address >= layout.memory_size) return "outside guest memory";
    if (address >= EMBER_BOOT_GPA && address < EMBER_BOOT_GPA + EMBER_PAGE_SIZE)
        return "read-only boot block";
    if (address >= EMBER_SYSTEM_TABLES_GPA && address < EMBER_IMAGE_BASE)
        return "supervisor-only memory";
    if (address < EMBER_IMAGE_BASE) return "reserved memory";
    if (address >= layout.input_start && address < layout.input_end)
        return "read-only input buffer";
    return {};
}

std::string describe_page_fault(uint64_t error_code, uint64_t rip, uint64_t cr2,
                                const Layout& layout) {
    std::string what;
    if (error_code & pf_fetch) {
        what = "page fault executing " + hex(cr2);
    } else {
        what = std::string("page fault ") + ((error_code & pf_write) ? "writing " : "reading ") +
               hex(cr2);
    }
    what += " at rip " + hex(rip);
    std::string_view region = region_of(cr2, layout);
    if (region.empty() && (error_code & pf_present)) {
        region = (error_code & pf_fetch) ? "memory is not executable" : "memory is read-only";
    }
    if (!region.empty()) what += " (" + std::string(region) + ")";
    return what;
}

}  // namespace

std::string hex(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string_view to_string(GuestErrorKind kind) {
    switch (kind) {
        case GuestErrorKind::fault:
            return "guest fault";
        case GuestErrorKind::abort:
            return "guest abort";
        case GuestErrorKind::timeout:
            return "timeout";
        case GuestErrorKind::interrupted:
            return "interrupted";
        case GuestErrorKind::denied:
            return "host function denied";
        case GuestErrorKind::bad_reply:
            return "bad reply";
        case GuestErrorKind::no_such_handler:
            return "no such handler";
        case GuestErrorKind::input_too_large:
            return "input too large";
    }
    return "guest error";
}

std::string describe_exception(const ExceptionReport& report, const Layout& layout) {
    const uint64_t vector = report.vector;
    std::string what;
    if (vector == page_fault) {
        what = describe_page_fault(report.error_code, report.rip, report.cr2, layout);
    } else {
        what = vector < vector_names.size() ? std::string(vector_names[vector])
                                            : "exception vector " + std::to_string(vector);
        what += " at rip " + hex(report.rip);
        if (!report.instruction.empty()) {
            what += ": " + report.instruction;
        } else if (report.error_code != 0) {
            what += " (error code " + hex(report.error_code) + ")";
        }
    }
    if (report.in_stub) what = "Ember's exception stub failed: " + what;
    return what;
}

}  // namespace ember::sandbox
