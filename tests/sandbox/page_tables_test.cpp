#include "sandbox/x86_64/page_tables.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <vector>

using namespace ember::sandbox;

namespace {

constexpr uint64_t present = 1, writable = 2, user = 4, no_execute = 1ull << 63;

// Walks the tables the way the CPU does; 0 when unmapped.
uint64_t walk(const GuestMemory& m, uint64_t cr3, uint64_t va) {
    uint64_t table = cr3;
    for (int shift : {39, 30, 21, 12}) {
        const uint64_t entry = m.read<uint64_t>(Gpa{table + ((va >> shift) & 511) * 8});
        if (!(entry & present)) return 0;
        if (shift == 12) return entry;
        table = entry & 0x000ffffffffff000ull;
    }
    return 0;
}

}  // namespace

TEST_CASE("page tables map exactly the given ranges with their rights", "[page_tables]") {
    std::vector<std::byte> bytes(16ull << 20);
    const GuestMemory memory(bytes);
    const uint64_t cr3 = x86_64::build_page_tables(
        memory, {
                    {0x100000, 0x102000, false, true, true},    // code
                    {0x102000, 0x103000, true, false, true},    // data
                    {0xf00000, 0x1000000, true, false, false},  // supervisor
                });
    CHECK(cr3 == EMBER_PAGE_TABLES_GPA);

    const uint64_t code = walk(memory, cr3, 0x101000);
    CHECK((code & 0x000ffffffffff000ull) == 0x101000);  // identity
    CHECK((code & writable) == 0);
    CHECK((code & no_execute) == 0);

    const uint64_t data = walk(memory, cr3, 0x102000);
    CHECK((data & writable) != 0);
    CHECK((data & no_execute) != 0);
    CHECK((code & user) != 0);
    const uint64_t top = walk(memory, cr3, 0xfff000);
    CHECK(top != 0);
    CHECK((top & user) == 0);  // supervisor-only

    CHECK(walk(memory, cr3, 0) == 0);         // null page
    CHECK(walk(memory, cr3, 0x103000) == 0);  // not in any range
    CHECK(walk(memory, cr3, EMBER_PAGE_TABLES_GPA) == 0);
    CHECK(walk(memory, cr3, 1ull << 30) == 0);  // beyond the page directory
}

TEST_CASE("page table leaves have accessed and dirty preset", "[page_tables]") {
    std::vector<std::byte> bytes(4ull << 20);
    const GuestMemory memory(bytes);
    const uint64_t cr3 =
        x86_64::build_page_tables(memory, {{0x200000, 0x201000, true, false, true}});
    const uint64_t entry = walk(memory, cr3, 0x200000);
    CHECK((entry & (1u << 5)) != 0);
    CHECK((entry & (1u << 6)) != 0);
}

TEST_CASE("page tables reject ranges outside memory", "[page_tables]") {
    std::vector<std::byte> bytes(4ull << 20);
    const GuestMemory memory(bytes);
    CHECK_THROWS(x86_64::build_page_tables(memory, {{0x3ff000, 0x401000, true, false, true}}));
    CHECK_THROWS(x86_64::build_page_tables(memory, {{0x100800, 0x101000, true, false, true}}));
}
