// 4-level identity page tables.
#include "sandbox/x86_64/page_tables.hpp"

#include <ember/abi.h>

#include <stdexcept>

namespace ember::sandbox::x86_64 {

namespace {

constexpr uint64_t present = 1ull << 0;
constexpr uint64_t writable = 1ull << 1;
constexpr uint64_t user = 1ull << 2;
constexpr uint64_t accessed = 1ull << 5;
constexpr uint64_t dirty = 1ull << 6;
constexpr uint64_t no_execute = 1ull << 63;
constexpr uint64_t table_flags = present | writable | user | accessed;

constexpr uint64_t pml4_gpa = EMBER_PAGE_TABLES_GPA;
constexpr uint64_t pdpt_gpa = pml4_gpa + EMBER_PAGE_SIZE;
constexpr uint64_t pd_gpa = pdpt_gpa + EMBER_PAGE_SIZE;
constexpr uint64_t first_pt_gpa = pd_gpa + EMBER_PAGE_SIZE;
constexpr uint64_t two_mib = 2ull << 20;

uint64_t leaf_entry(uint64_t gpa, const PageRange& range) {
    uint64_t entry = gpa | present | accessed | dirty;
    if (range.writable) entry |= writable;
    if (!range.executable) entry |= no_execute;
    if (range.user) entry |= user;
    return entry;
}

}  // namespace

uint64_t build_page_tables(const GuestMemory& memory, const std::vector<PageRange>& ranges) {
    const uint64_t page_tables = (memory.size() + two_mib - 1) / two_mib;
    if (first_pt_gpa + page_tables * EMBER_PAGE_SIZE > EMBER_IMAGE_BASE) {
        throw std::logic_error("page tables do not fit below the image base");
    }
    auto tables = memory.at(Gpa{pml4_gpa}, first_pt_gpa + page_tables * EMBER_PAGE_SIZE - pml4_gpa);
    std::fill(tables.begin(), tables.end(), std::byte{0});

    memory.write<uint64_t>(Gpa{pml4_gpa}, pdpt_gpa | table_flags);
    memory.write<uint64_t>(Gpa{pdpt_gpa}, pd_gpa | table_flags);
    for (uint64_t i = 0; i < page_tables; ++i) {
        memory.write<uint64_t>(Gpa{pd_gpa + i * 8},
                               (first_pt_gpa + i * EMBER_PAGE_SIZE) | table_flags);
    }
    // The page tables are laid out so that the PTE of page N sits at
    // first_pt_gpa + 8 * N.
    for (const PageRange& range : ranges) {
        if (range.start % EMBER_PAGE_SIZE != 0 || range.end % EMBER_PAGE_SIZE != 0 ||
            range.end > memory.size() || range.start > range.end) {
            throw std::logic_error("page range outside guest memory");
        }
        for (uint64_t gpa = range.start; gpa < range.end; gpa += EMBER_PAGE_SIZE) {
            memory.write<uint64_t>(Gpa{first_pt_gpa + gpa / EMBER_PAGE_SIZE * 8},
                                   leaf_entry(gpa, range));
        }
    }
    return pml4_gpa;
}

}  // namespace ember::sandbox::x86_64
