// Per-page ring-3 rights.
#include "sandbox/page_rights.hpp"

#include <ember/abi.h>

#include <stdexcept>

namespace ember::sandbox {

PageRights::PageRights(uint64_t memory_size)
    : memory_size_(memory_size), pages_(memory_size / EMBER_PAGE_SIZE, 0) {}

void PageRights::grant(uint64_t start, uint64_t end, bool writable) {
    if (start % EMBER_PAGE_SIZE != 0 || end % EMBER_PAGE_SIZE != 0 || start > end ||
        end > memory_size_) {
        throw std::logic_error("page rights for a range outside guest memory");
    }
    const uint8_t rights = writable ? (read_bit | write_bit) : read_bit;
    for (uint64_t page = start / EMBER_PAGE_SIZE; page < end / EMBER_PAGE_SIZE; ++page)
        pages_[page] = rights;
}

bool PageRights::allows(Gpa gpa, uint64_t len, uint8_t right) const {
    if (gpa.value > memory_size_ || len > memory_size_ - gpa.value) return false;
    if (len == 0) return true;
    const uint64_t last = (gpa.value + len - 1) / EMBER_PAGE_SIZE;
    for (uint64_t page = gpa.value / EMBER_PAGE_SIZE; page <= last; ++page) {
        if ((pages_[page] & right) == 0) return false;
    }
    return true;
}

}  // namespace ember::sandbox
