// What ring 3 may read and write, page by page: the guest's own rights. The
// host reads and writes guest memory on the guest's behalf (the reply,
// host-call names, arguments and results, log lines) only where the guest
// itself could, so a guest cannot use the host to read supervisor pages or
// to write into its code, constants or boot block.
#pragma once

#include <cstdint>
#include <vector>

#include "sandbox/guest_memory.hpp"

namespace ember::sandbox {

class PageRights {
  public:
    PageRights() = default;
    explicit PageRights(uint64_t memory_size);

    // Lets ring 3 read [start, end) (page-aligned), and write it too with
    // `writable`.
    void grant(uint64_t start, uint64_t end, bool writable);

    // True when [gpa, gpa + len) lies in guest memory and ring 3 may read
    // (write) every byte of it. An empty range needs only gpa <= size.
    bool readable(Gpa gpa, uint64_t len) const { return allows(gpa, len, read_bit); }
    bool writable(Gpa gpa, uint64_t len) const { return allows(gpa, len, write_bit); }

  private:
    static constexpr uint8_t read_bit = 1, write_bit = 2;
    bool allows(Gpa gpa, uint64_t len, uint8_t right) const;

    uint64_t memory_size_ = 0;
    std::vector<uint8_t> pages_;
};

}  // namespace ember::sandbox
