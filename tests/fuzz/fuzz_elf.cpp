// The ELF loader (sandbox/elf_loader) on arbitrary bytes, as a deploy's
// upload reaches it, with the image limit of a 4 MiB sandbox. Beyond not
// crashing and rejecting only with ElfError: an accepted image keeps every
// promise of elf_loader.hpp, and loading it copies exactly the file's bytes
// and zeroes the rest of each segment.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <ember/abi.h>

#include "fuzz_check.hpp"
#include "sandbox/elf_loader.hpp"

namespace {

using ember::fuzz::check;
using ember::sandbox::ElfImage;
using ember::sandbox::ElfSegment;

constexpr uint64_t load_limit = 4ull << 20;
constexpr uint64_t page_size = EMBER_PAGE_SIZE;

uint64_t page_of(uint64_t address) {
    return address / page_size;
}

bool same_rights(const ElfSegment& a, const ElfSegment& b) {
    return a.read == b.read && a.write == b.write && a.execute == b.execute;
}

void check_image(const ElfImage& image, std::size_t file_size) {
    check(!image.segments.empty(), "an image has a segment");
    bool entry_found = false;
    for (std::size_t i = 0; i < image.segments.size(); ++i) {
        const ElfSegment& s = image.segments[i];
        check(s.mem_size > 0 && s.file_size <= s.mem_size, "0 < file_size <= mem_size");
        check(s.file_offset <= file_size && s.file_size <= file_size - s.file_offset,
              "a segment's bytes lie inside the file");
        check(s.gpa >= EMBER_IMAGE_BASE && s.mem_size <= load_limit - s.gpa,
              "a segment lies in [image base, load limit)");
        check(!(s.write && s.execute), "no segment is writable and executable");
        if (image.entry >= s.gpa && image.entry - s.gpa < s.mem_size) {
            check(s.execute, "the entry point is executable");
            entry_found = true;
        }
        if (i == 0) continue;
        const ElfSegment& low = image.segments[i - 1];
        check(low.gpa + low.mem_size <= s.gpa, "segments are sorted and do not overlap");
        if (page_of(low.gpa + low.mem_size - 1) == page_of(s.gpa)) {
            check(same_rights(low, s), "segments sharing a page share its rights");
        }
    }
    check(entry_found, "the entry point lies in a segment");
    const ElfSegment& last = image.segments.back();
    check(image.end % page_size == 0 && image.end >= last.gpa + last.mem_size &&
              image.end - (last.gpa + last.mem_size) < page_size && image.end <= load_limit,
          "the image ends at the page end of its highest segment, within the limit");
}

void check_loaded(const ElfImage& image, std::span<const std::byte> file,
                  std::span<const std::byte> memory) {
    for (const ElfSegment& s : image.segments) {
        const auto loaded = memory.subspan(s.gpa, s.mem_size);
        check(
            std::ranges::equal(loaded.first(s.file_size), file.subspan(s.file_offset, s.file_size)),
            "a segment's file bytes are loaded as they are");
        check(std::ranges::all_of(loaded.subspan(s.file_size),
                                  [](std::byte b) { return b == std::byte{0}; }),
              "a segment's bss is zeroed");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto file = std::as_bytes(std::span(data, size));
    ElfImage image;
    try {
        image = ember::sandbox::parse_elf(file, load_limit);
    } catch (const ember::sandbox::ElfError&) {
        return 0;
    }
    check_image(image, file.size());
    // Kept across inputs and never cleared, so that a missing zero fill shows.
    static std::vector<std::byte> memory(load_limit, std::byte{0xa5});
    ember::sandbox::load_elf(image, file, memory);
    check_loaded(image, file, memory);
    return 0;
}
