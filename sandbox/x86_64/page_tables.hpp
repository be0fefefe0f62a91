// The guest's 4-level page tables: an identity map of exactly the regions the
// guest may touch, 4 KiB pages, with per-page write, execute and user (ring 3)
// rights.
#pragma once

#include <cstdint>
#include <vector>

#include "sandbox/guest_memory.hpp"

namespace ember::sandbox::x86_64 {

struct PageRange {
    uint64_t start;  // page-aligned
    uint64_t end;    // page-aligned, exclusive
    bool writable;
    bool executable;
    bool user;  // reachable from ring 3; otherwise supervisor-only
};

// Writes the tables at EMBER_PAGE_TABLES_GPA and returns the value for CR3.
// Pages outside every range stay unmapped: the null page, the stack guard,
// the tables themselves. Only the leaves decide the user bit: every table
// entry above them allows ring 3. Accessed and dirty bits are set in advance so that
// the CPU never writes to the tables (which would dirty them on every call).
uint64_t build_page_tables(const GuestMemory& memory, const std::vector<PageRange>& ranges);

}  // namespace ember::sandbox::x86_64
