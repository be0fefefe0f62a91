// Validation and loading of untrusted guest ELF binaries into guest memory.
#include "sandbox/elf_loader.hpp"

#include <elf.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

#include "ember/abi.h"

namespace ember::sandbox {
namespace {

constexpr uint64_t page_size = EMBER_PAGE_SIZE;
// Real static binaries have fewer than 16; the cap bounds the work a hostile
// header can ask for.
constexpr std::size_t max_program_headers = 64;

// Error messages: hexadecimal for addresses, offsets and sizes; decimal for
// indices and enum values.
struct Hex {
    uint64_t value;
};

void append(std::string& out, std::string_view text) {
    out += text;
}
void append(std::string& out, std::size_t number) {
    out += std::to_string(number);
}
void append(std::string& out, Hex hex) {
    std::array<char, 16> digits{};
    auto result = std::to_chars(digits.begin(), digits.end(), hex.value, 16);
    out += "0x";
    out.append(digits.begin(), result.ptr);
}

template <class... Parts>
[[noreturn]] void reject(const Parts&... parts) {
    std::string message = "ELF ";
    (append(message, parts), ...);
    throw ElfError(message);
}

// Reads a header struct at any offset: the file buffer has no alignment
// guarantee, so the bytes are copied rather than reinterpreted in place.
template <class T>
T read_at(std::span<const std::byte> file, uint64_t offset) {
    T value{};
    std::memcpy(&value, file.data() + offset, sizeof(T));
    return value;
}

// True when [offset, offset + size) lies inside a buffer of `total` bytes,
// written so that no sum can overflow.
bool fits(uint64_t offset, uint64_t size, uint64_t total) {
    return offset <= total && size <= total - offset;
}

bool is_power_of_two(uint64_t value) {
    return value != 0 && (value & (value - 1)) == 0;
}

uint64_t page_down(uint64_t address) {
    return address & ~(page_size - 1);
}

void check_ident(const Elf64_Ehdr& header) {
    const unsigned char* ident = header.e_ident;
    if (std::memcmp(ident, ELFMAG, SELFMAG) != 0) reject("magic is wrong: not an ELF file");
    if (ident[EI_CLASS] != ELFCLASS64) {
        reject("class ", std::size_t{ident[EI_CLASS]}, ": only ELFCLASS64 (64-bit) is supported");
    }
    if (ident[EI_DATA] != ELFDATA2LSB) {
        reject("data encoding ", std::size_t{ident[EI_DATA]},
               ": only ELFDATA2LSB (little-endian) is supported");
    }
    if (ident[EI_VERSION] != EV_CURRENT) {
        reject("EI_VERSION ", std::size_t{ident[EI_VERSION]}, ": expected EV_CURRENT (1)");
    }
}

void check_header(const Elf64_Ehdr& header) {
    check_ident(header);
    if (header.e_version != EV_CURRENT) {
        reject("e_version ", std::size_t{header.e_version}, ": expected EV_CURRENT (1)");
    }
    if (header.e_type == ET_DYN) {
        reject("type ET_DYN (position-independent or shared): build with -static -no-pie");
    }
    if (header.e_type != ET_EXEC) {
        reject("type ", std::size_t{header.e_type}, ": only ET_EXEC is supported");
    }
    if (header.e_machine != EM_X86_64) {
        reject("machine ", std::size_t{header.e_machine}, ": only EM_X86_64 (62) is supported");
    }
    if (header.e_ehsize != sizeof(Elf64_Ehdr)) {
        reject("e_ehsize ", std::size_t{header.e_ehsize}, ": expected ", sizeof(Elf64_Ehdr));
    }
    if (header.e_phentsize != sizeof(Elf64_Phdr)) {
        reject("e_phentsize ", std::size_t{header.e_phentsize}, ": expected ", sizeof(Elf64_Phdr));
    }
}

std::vector<Elf64_Phdr> read_program_headers(std::span<const std::byte> file,
                                             const Elf64_Ehdr& header) {
    const std::size_t count = header.e_phnum;
    if (count == 0) reject("file has no program headers (e_phnum 0): no PT_LOAD segment");
    if (count > max_program_headers) {
        reject("file has ", count, " program headers: at most ", max_program_headers,
               " are accepted");
    }
    const uint64_t table_size = count * sizeof(Elf64_Phdr);
    if (!fits(header.e_phoff, table_size, file.size())) {
        reject("program header table at offset ", Hex{header.e_phoff}, " (", Hex{table_size},
               " bytes) runs past the end of the file (size ", Hex{file.size()}, ")");
    }
    std::vector<Elf64_Phdr> headers;
    headers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        headers.push_back(read_at<Elf64_Phdr>(file, header.e_phoff + i * sizeof(Elf64_Phdr)));
    }
    return headers;
}

// Checks the addresses of a non-empty PT_LOAD: inside [EMBER_IMAGE_BASE,
// load_limit) up to the end of its last page, without wrapping.
void check_address_range(std::size_t index, const Elf64_Phdr& ph, uint64_t load_limit) {
    if (ph.p_vaddr != ph.p_paddr) {
        reject("segment ", index, ": p_vaddr ", Hex{ph.p_vaddr}, " != p_paddr ", Hex{ph.p_paddr},
               " (guest memory is identity-mapped)");
    }
    if (ph.p_vaddr < EMBER_IMAGE_BASE) {
        reject("segment ", index, " starts at ", Hex{ph.p_vaddr}, ": below the image base ",
               Hex{EMBER_IMAGE_BASE}, " (the low memory is reserved for the host)");
    }
    // The page holding the last byte belongs to the image too, so that is the
    // end compared with the limit; `last` cannot overflow once the first
    // comparison holds.
    if (ph.p_memsz > UINT64_MAX - ph.p_vaddr || ph.p_vaddr + ph.p_memsz > UINT64_MAX - page_size) {
        reject("segment ", index, " at ", Hex{ph.p_vaddr}, " with size ", Hex{ph.p_memsz},
               " wraps around the address space");
    }
    const uint64_t page_end = page_down(ph.p_vaddr + ph.p_memsz - 1) + page_size;
    if (page_end > load_limit) {
        reject("segment ", index, " ends at ", Hex{ph.p_vaddr + ph.p_memsz}, " (page end ",
               Hex{page_end}, "): above the load limit ", Hex{load_limit});
    }
}

ElfSegment to_segment(std::size_t index, const Elf64_Phdr& ph, uint64_t file_size,
                      uint64_t load_limit) {
    if (!fits(ph.p_offset, ph.p_filesz, file_size)) {
        reject("segment ", index, " at file offset ", Hex{ph.p_offset}, " with size ",
               Hex{ph.p_filesz}, ": past the end of the file (size ", Hex{file_size}, ")");
    }
    check_address_range(index, ph, load_limit);
    const ElfSegment segment{.gpa = ph.p_vaddr,
                             .mem_size = ph.p_memsz,
                             .file_offset = ph.p_offset,
                             .file_size = ph.p_filesz,
                             .read = (ph.p_flags & PF_R) != 0,
                             .write = (ph.p_flags & PF_W) != 0,
                             .execute = (ph.p_flags & PF_X) != 0};
    if (segment.write && segment.execute) {
        reject("segment ", index, " at ", Hex{ph.p_vaddr},
               " is both writable and executable (W^X)");
    }
    return segment;
}

// A PT_LOAD with its program header index, kept for error messages.
struct Loadable {
    std::size_t index;
    ElfSegment segment;
};

// Checks what every PT_LOAD must satisfy, empty or not; returns false for an
// empty one (p_memsz 0), which loads nothing and is skipped.
bool check_load_header(std::size_t index, const Elf64_Phdr& ph) {
    if (ph.p_align != 0 && !is_power_of_two(ph.p_align)) {
        reject("segment ", index, ": p_align ", Hex{ph.p_align}, " is not a power of two");
    }
    if (ph.p_filesz > ph.p_memsz) {
        reject("segment ", index, ": p_filesz ", Hex{ph.p_filesz}, " is larger than p_memsz ",
               Hex{ph.p_memsz});
    }
    return ph.p_memsz != 0;
}

std::vector<Loadable> collect_loadables(const std::vector<Elf64_Phdr>& headers, uint64_t file_size,
                                        uint64_t load_limit) {
    std::vector<Loadable> loadables;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const Elf64_Phdr& ph = headers[i];
        // A static binary has neither; one that does needs a dynamic linker we do not run.
        if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC) {
            reject("segment ", i, " is ", ph.p_type == PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC",
                   ": dynamic binaries are not supported, link with -static");
        }
        // PT_GNU_STACK is ignored: the host builds the stack and always maps it
        // no-execute, whatever the binary asks for. Other types (notes, TLS,
        // GNU_RELRO, ...) carry nothing to load.
        if (ph.p_type != PT_LOAD || !check_load_header(i, ph)) continue;
        loadables.push_back({i, to_segment(i, ph, file_size, load_limit)});
    }
    if (loadables.empty()) reject("file has no non-empty PT_LOAD segment");
    std::ranges::sort(loadables, {}, [](const Loadable& l) { return l.segment.gpa; });
    return loadables;
}

bool same_permissions(const ElfSegment& a, const ElfSegment& b) {
    return a.read == b.read && a.write == b.write && a.execute == b.execute;
}

// Segments are sorted by address, so checking neighbours is enough: a segment
// sharing a page with a non-neighbour shares it with every segment in between.
void check_layout(const std::vector<Loadable>& loadables) {
    for (std::size_t i = 1; i < loadables.size(); ++i) {
        const Loadable& low = loadables[i - 1];
        const Loadable& high = loadables[i];
        const uint64_t low_end = low.segment.gpa + low.segment.mem_size;
        if (high.segment.gpa < low_end) {
            reject("segments ", low.index, " and ", high.index, " overlap: [", Hex{low.segment.gpa},
                   ", ", Hex{low_end}, ") and [", Hex{high.segment.gpa}, ", ",
                   Hex{high.segment.gpa + high.segment.mem_size}, ")");
        }
        if (page_down(high.segment.gpa) == page_down(low_end - 1) &&
            !same_permissions(low.segment, high.segment)) {
            reject("segments ", low.index, " and ", high.index, " share the page at ",
                   Hex{page_down(high.segment.gpa)},
                   " with different permissions (permissions are per 4 KiB page)");
        }
    }
}

void check_entry(uint64_t entry, const std::vector<Loadable>& loadables) {
    for (const Loadable& l : loadables) {
        if (entry < l.segment.gpa || entry - l.segment.gpa >= l.segment.mem_size) continue;
        if (!l.segment.execute) {
            reject("entry point ", Hex{entry}, " is in segment ", l.index,
                   ", which is not executable");
        }
        return;
    }
    reject("entry point ", Hex{entry}, " is not inside any PT_LOAD segment");
}

}  // namespace

ElfImage parse_elf(std::span<const std::byte> file, uint64_t load_limit) {
    if (file.size() < sizeof(Elf64_Ehdr)) {
        reject("file is ", Hex{file.size()}, " bytes: shorter than the ELF header (",
               Hex{sizeof(Elf64_Ehdr)}, " bytes)");
    }
    const auto header = read_at<Elf64_Ehdr>(file, 0);
    check_header(header);
    const std::vector<Loadable> loadables =
        collect_loadables(read_program_headers(file, header), file.size(), load_limit);
    check_layout(loadables);
    check_entry(header.e_entry, loadables);

    ElfImage image{.entry = header.e_entry, .segments = {}, .end = 0};
    for (const Loadable& l : loadables)
        image.segments.push_back(l.segment);
    const ElfSegment& last = image.segments.back();
    image.end = page_down(last.gpa + last.mem_size - 1) + page_size;
    return image;
}

void load_elf(const ElfImage& image, std::span<const std::byte> file, std::span<std::byte> memory) {
    for (const ElfSegment& s : image.segments) {
        // parse_elf guarantees all of this; checking again costs nothing and
        // keeps a caller's mistake from becoming a write outside guest memory.
        if (!fits(s.gpa, s.mem_size, memory.size()) || s.file_size > s.mem_size ||
            !fits(s.file_offset, s.file_size, file.size())) {
            reject("image does not match the file or the guest memory (segment at ", Hex{s.gpa},
                   ", memory size ", Hex{memory.size()}, ")");
        }
        const auto destination = memory.subspan(s.gpa, s.mem_size);
        std::ranges::copy(file.subspan(s.file_offset, s.file_size), destination.begin());
        std::ranges::fill(destination.subspan(s.file_size), std::byte{0});
    }
}

}  // namespace ember::sandbox
