// Validating loader for untrusted guest ELF binaries (ELF64, x86-64, static ET_EXEC).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace ember::sandbox {

// One PT_LOAD segment, identity-mapped: guest virtual == guest physical.
struct ElfSegment {
    uint64_t gpa;
    uint64_t mem_size;  // > 0; bytes past file_size are zero (bss)
    uint64_t file_offset;
    uint64_t file_size;  // <= mem_size
    bool read;
    bool write;  // never together with execute (W^X)
    bool execute;
};

struct ElfImage {
    uint64_t entry;                    // inside an executable segment
    std::vector<ElfSegment> segments;  // sorted by gpa, non-overlapping
    uint64_t end;                      // page-aligned end of the highest segment
};

// A rejected binary. The message names the field and the values at fault, so it
// can go back to the user who uploaded the binary as is.
class ElfError : public std::runtime_error {
  public:
    using runtime_error::runtime_error;
};

// Validates every header field, offset, size and address of `file` before
// anything is copied. Segments lie in [EMBER_IMAGE_BASE, load_limit) (the host
// puts heap, stack and buffers above load_limit) and inside the file; segments
// that share a 4 KiB page have the same permissions, since page tables grant
// permissions per page. Throws ElfError.
ElfImage parse_elf(std::span<const std::byte> file, uint64_t load_limit);

// Copies each segment's file bytes to memory[gpa...] and zero-fills its bss.
// memory[0] is guest physical address 0. Precondition: `image` came from
// parse_elf(file, limit) with limit <= memory.size(); a violation throws
// ElfError rather than writing out of bounds.
void load_elf(const ElfImage& image, std::span<const std::byte> file, std::span<std::byte> memory);

}  // namespace ember::sandbox
