// Tests of sandbox/elf_loader.cpp: ELF images built in memory, valid and malformed.
#include "sandbox/elf_loader.hpp"

#include <elf.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "ember/abi.h"

namespace ember::sandbox {
namespace {

using Catch::Matchers::Contains;

constexpr uint64_t kLimit = 0x200000;
constexpr std::size_t kFileSize = 0x4000;
constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

// The file's filler bytes, so that copied segment contents can be recognised.
std::byte pattern(std::size_t offset) {
    return static_cast<std::byte>((offset * 131 + 7) & 0xff);
}

Elf64_Phdr load(uint64_t vaddr, uint64_t offset, uint64_t filesz, uint64_t memsz, uint32_t flags) {
    return Elf64_Phdr{.p_type = PT_LOAD,
                      .p_flags = flags,
                      .p_offset = offset,
                      .p_vaddr = vaddr,
                      .p_paddr = vaddr,
                      .p_filesz = filesz,
                      .p_memsz = memsz,
                      .p_align = 0x1000};
}

Elf64_Phdr other(uint32_t type, uint32_t flags = 0) {
    Elf64_Phdr ph{};
    ph.p_type = type;
    ph.p_flags = flags;
    return ph;
}

// An ELF file under construction: the header and program headers are written
// verbatim over kFileSize pattern bytes, so a test can break any field.
struct TestElf {
    Elf64_Ehdr header{};
    std::vector<Elf64_Phdr> program_headers;
    std::size_t file_size = kFileSize;

    void add(const Elf64_Phdr& ph) {
        program_headers.push_back(ph);
        header.e_phnum = static_cast<Elf64_Half>(program_headers.size());
    }

    std::vector<std::byte> bytes() const {
        std::vector<std::byte> file(std::max(file_size, kFileSize));
        for (std::size_t i = 0; i < file.size(); ++i)
            file[i] = pattern(i);
        std::memcpy(file.data(), &header, sizeof header);
        // Program headers that a test placed outside the file are left out.
        for (std::size_t i = 0; i < program_headers.size(); ++i) {
            const uint64_t end_in_table = (i + 1) * sizeof(Elf64_Phdr);
            if (header.e_phoff <= file.size() && end_in_table <= file.size() - header.e_phoff) {
                std::memcpy(file.data() + header.e_phoff + i * sizeof(Elf64_Phdr),
                            &program_headers[i], sizeof(Elf64_Phdr));
            }
        }
        file.resize(file_size);
        return file;
    }
};

// Code RX at 0x100000, rodata R at 0x101000, data RW with bss at 0x102000,
// listed out of address order, plus a PT_GNU_STACK.
TestElf valid_elf() {
    TestElf elf;
    Elf64_Ehdr& h = elf.header;
    std::memcpy(h.e_ident, ELFMAG, SELFMAG);
    h.e_ident[EI_CLASS] = ELFCLASS64;
    h.e_ident[EI_DATA] = ELFDATA2LSB;
    h.e_ident[EI_VERSION] = EV_CURRENT;
    h.e_type = ET_EXEC;
    h.e_machine = EM_X86_64;
    h.e_version = EV_CURRENT;
    h.e_entry = 0x100010;
    h.e_phoff = sizeof(Elf64_Ehdr);
    h.e_ehsize = sizeof(Elf64_Ehdr);
    h.e_phentsize = sizeof(Elf64_Phdr);
    elf.add(load(0x102000, 0x3000, 0x100, 0x1800, PF_R | PF_W));
    elf.add(load(0x100000, 0x1000, 0x800, 0x800, PF_R | PF_X));
    elf.add(load(0x101000, 0x2000, 0x400, 0x400, PF_R));
    elf.add(other(PT_GNU_STACK, PF_R | PF_W));
    return elf;
}

// The message of the ElfError that parse_elf throws; fails the test if it accepts.
std::string rejection(const std::vector<std::byte>& file, uint64_t limit = kLimit) {
    try {
        parse_elf(file, limit);
    } catch (const ElfError& error) {
        return error.what();
    }
    FAIL("parse_elf accepted the file");
    return {};
}

std::string rejection(const TestElf& elf, uint64_t limit = kLimit) {
    return rejection(elf.bytes(), limit);
}

bool has_permissions(const ElfSegment& s, bool read, bool write, bool execute) {
    return s.read == read && s.write == write && s.execute == execute;
}

}  // namespace

TEST_CASE("a valid static executable parses into sorted segments", "[elf]") {
    const ElfImage image = parse_elf(valid_elf().bytes(), kLimit);
    CHECK(image.entry == 0x100010);
    CHECK(image.end == 0x104000);
    REQUIRE(image.segments.size() == 3);
    const ElfSegment& code = image.segments[0];
    const ElfSegment& rodata = image.segments[1];
    const ElfSegment& data = image.segments[2];
    CHECK(code.gpa == 0x100000);
    CHECK(code.file_offset == 0x1000);
    CHECK(code.file_size == 0x800);
    CHECK(code.mem_size == 0x800);
    CHECK(has_permissions(code, true, false, true));
    CHECK(rodata.gpa == 0x101000);
    CHECK(has_permissions(rodata, true, false, false));
    CHECK(data.gpa == 0x102000);
    CHECK(data.file_size == 0x100);
    CHECK(data.mem_size == 0x1800);
    CHECK(has_permissions(data, true, true, false));
}

TEST_CASE("load_elf copies file bytes, zeroes bss and touches nothing else", "[elf]") {
    const std::vector<std::byte> file = valid_elf().bytes();
    const ElfImage image = parse_elf(file, kLimit);
    std::vector<std::byte> memory(kLimit, std::byte{0xAA});
    load_elf(image, file, memory);

    for (uint64_t i = 0; i < 0x800; ++i)
        REQUIRE(memory[0x100000 + i] == pattern(0x1000 + i));
    for (uint64_t i = 0; i < 0x400; ++i)
        REQUIRE(memory[0x101000 + i] == pattern(0x2000 + i));
    for (uint64_t i = 0; i < 0x100; ++i)
        REQUIRE(memory[0x102000 + i] == pattern(0x3000 + i));
    for (uint64_t gpa = 0x102100; gpa < 0x103800; ++gpa)
        REQUIRE(memory[gpa] == std::byte{0});
    CHECK(memory[0x0fffff] == std::byte{0xAA});
    CHECK(memory[0x100800] == std::byte{0xAA});
    CHECK(memory[0x103800] == std::byte{0xAA});
}

TEST_CASE("load_elf refuses memory smaller than the image", "[elf]") {
    const std::vector<std::byte> file = valid_elf().bytes();
    const ElfImage image = parse_elf(file, kLimit);
    std::vector<std::byte> memory(0x103000);
    CHECK_THROWS_AS(load_elf(image, file, memory), ElfError);
}

TEST_CASE("accepted oddities: executable stack request, empty segments, shared pages", "[elf]") {
    SECTION("PT_GNU_STACK asking for an executable stack is ignored") {
        TestElf elf = valid_elf();
        elf.program_headers[3].p_flags = PF_R | PF_W | PF_X;
        CHECK(parse_elf(elf.bytes(), kLimit).segments.size() == 3);
    }
    SECTION("a PT_LOAD with p_memsz 0 is skipped wherever it claims to be") {
        TestElf elf = valid_elf();
        elf.add(load(0, kMax, 0, 0, PF_R | PF_W | PF_X));
        CHECK(parse_elf(elf.bytes(), kLimit).segments.size() == 3);
    }
    SECTION("segments with the same permissions may share a page") {
        TestElf elf = valid_elf();
        elf.program_headers[2] = load(0x100800, 0x2000, 0x400, 0x400, PF_R | PF_X);
        CHECK(parse_elf(elf.bytes(), kLimit).segments[1].gpa == 0x100800);
    }
    SECTION("an image may end exactly at the load limit") {
        TestElf elf = valid_elf();
        elf.program_headers[0].p_memsz = kLimit - 0x102000;
        CHECK(parse_elf(elf.bytes(), kLimit).end == kLimit);
    }
}

TEST_CASE("truncated files are rejected", "[elf]") {
    TestElf elf = valid_elf();
    for (std::size_t size : {0u, 1u, 4u, 63u}) {
        elf.file_size = size;
        CHECK_THAT(rejection(elf), Contains("shorter than the ELF header"));
    }
    // In the middle of the second program header.
    elf.file_size = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + 20;
    CHECK_THAT(rejection(elf), Contains("program header table at offset 0x40 (0xe0 bytes)") &&
                                   Contains("past the end of the file (size 0x8c)"));
    // In the middle of the data segment's file bytes.
    elf.file_size = 0x3050;
    CHECK_THAT(rejection(elf), Contains("segment 0 at file offset 0x3000 with size 0x100: past "
                                        "the end of the file (size 0x3050)"));
}

TEST_CASE("identification and header fields are checked", "[elf]") {
    TestElf elf = valid_elf();
    SECTION("magic") {
        elf.header.e_ident[EI_MAG1] = 'F';
        CHECK_THAT(rejection(elf), Contains("not an ELF file"));
    }
    SECTION("class") {
        elf.header.e_ident[EI_CLASS] = ELFCLASS32;
        CHECK_THAT(rejection(elf), Contains("class 1: only ELFCLASS64"));
    }
    SECTION("data encoding") {
        elf.header.e_ident[EI_DATA] = ELFDATA2MSB;
        CHECK_THAT(rejection(elf), Contains("data encoding 2: only ELFDATA2LSB"));
    }
    SECTION("EI_VERSION") {
        elf.header.e_ident[EI_VERSION] = 2;
        CHECK_THAT(rejection(elf), Contains("EI_VERSION 2"));
    }
    SECTION("e_version") {
        elf.header.e_version = 0;
        CHECK_THAT(rejection(elf), Contains("e_version 0"));
    }
    SECTION("position-independent executable") {
        elf.header.e_type = ET_DYN;
        CHECK_THAT(rejection(elf), Contains("ET_DYN") && Contains("build with -static -no-pie"));
    }
    SECTION("relocatable object") {
        elf.header.e_type = ET_REL;
        CHECK_THAT(rejection(elf), Contains("type 1: only ET_EXEC"));
    }
    SECTION("machine") {
        elf.header.e_machine = EM_AARCH64;
        CHECK_THAT(rejection(elf), Contains("machine 183: only EM_X86_64"));
    }
    SECTION("e_ehsize") {
        elf.header.e_ehsize = 52;
        CHECK_THAT(rejection(elf), Contains("e_ehsize 52: expected 64"));
    }
    SECTION("e_phentsize") {
        elf.header.e_phentsize = 32;
        CHECK_THAT(rejection(elf), Contains("e_phentsize 32: expected 56"));
    }
}

TEST_CASE("the program header table must be sane and inside the file", "[elf]") {
    TestElf elf = valid_elf();
    SECTION("past the end of the file") {
        elf.header.e_phoff = kFileSize - 0x10;
        CHECK_THAT(rejection(elf), Contains("runs past the end of the file (size 0x4000)"));
    }
    SECTION("offset plus size overflows") {
        elf.header.e_phoff = kMax - 0x10;
        CHECK_THAT(rejection(elf), Contains("program header table at offset 0xffffffffffffffef"));
    }
    SECTION("huge e_phnum") {
        elf.header.e_phnum = 1000;
        CHECK_THAT(rejection(elf), Contains("1000 program headers: at most 64"));
        elf.header.e_phnum = PN_XNUM;
        CHECK_THAT(rejection(elf), Contains("65535 program headers"));
    }
    SECTION("no program headers") {
        elf.header.e_phnum = 0;
        CHECK_THAT(rejection(elf), Contains("no program headers (e_phnum 0)"));
    }
}

TEST_CASE("segment offsets, sizes and addresses are checked", "[elf]") {
    TestElf elf = valid_elf();
    Elf64_Phdr& data = elf.program_headers[0];
    SECTION("p_offset + p_filesz overflows") {
        data.p_offset = kMax - 0x10;
        CHECK_THAT(rejection(elf), Contains("segment 0 at file offset 0xffffffffffffffef with "
                                            "size 0x100: past the end of the file"));
    }
    SECTION("p_vaddr + p_memsz wraps around") {
        data = load(0xfffffffffffff000, 0x3000, 0x100, 0x2000, PF_R | PF_W);
        CHECK_THAT(rejection(elf), Contains("segment 0 at 0xfffffffffffff000 with size 0x2000 "
                                            "wraps around the address space"));
    }
    SECTION("the segment's last page would wrap around") {
        data = load(0xffffffffffffe000, 0x3000, 0x100, 0x1800, PF_R | PF_W);
        CHECK_THAT(rejection(elf), Contains("wraps around the address space"));
    }
    SECTION("past the load limit") {
        data.p_memsz = kLimit - 0x102000 + 1;
        CHECK_THAT(rejection(elf), Contains("segment 0 ends at 0x200001 (page end 0x201000): "
                                            "above the load limit 0x200000"));
    }
    SECTION("absurd total size is caught by the limit") {
        data.p_memsz = 0x7fff'0000'0000;
        CHECK_THAT(rejection(elf), Contains("above the load limit 0x200000"));
    }
    SECTION("in the reserved low memory") {
        data = load(0xff000, 0x3000, 0x100, 0x1000, PF_R | PF_W);
        CHECK_THAT(rejection(elf), Contains("segment 0 starts at 0xff000: below the image base "
                                            "0x100000"));
        data = load(0, 0x3000, 0x100, 0x1000, PF_R | PF_W);
        CHECK_THAT(rejection(elf), Contains("segment 0 starts at 0x0: below the image base"));
    }
    SECTION("p_vaddr differs from p_paddr") {
        data.p_paddr = 0x1000;
        CHECK_THAT(rejection(elf), Contains("p_vaddr 0x102000 != p_paddr 0x1000"));
    }
    SECTION("p_filesz larger than p_memsz") {
        data.p_filesz = 0x1801;
        CHECK_THAT(rejection(elf), Contains("p_filesz 0x1801 is larger than p_memsz 0x1800"));
    }
    SECTION("p_align not a power of two") {
        data.p_align = 0x3000;
        CHECK_THAT(rejection(elf), Contains("p_align 0x3000 is not a power of two"));
    }
    SECTION("writable and executable") {
        data.p_flags = PF_R | PF_W | PF_X;
        CHECK_THAT(rejection(elf), Contains("segment 0 at 0x102000 is both writable and "
                                            "executable (W^X)"));
    }
}

TEST_CASE("segments may neither overlap nor share a page with other permissions", "[elf]") {
    TestElf elf = valid_elf();
    SECTION("overlap") {
        elf.program_headers[2] = load(0x100400, 0x2000, 0x400, 0x400, PF_R | PF_X);
        CHECK_THAT(rejection(elf), Contains("segments 1 and 2 overlap: [0x100000, 0x100800) and "
                                            "[0x100400, 0x100800)"));
    }
    SECTION("shared page, different permissions") {
        elf.program_headers[2] = load(0x100800, 0x2000, 0x400, 0x400, PF_R);
        CHECK_THAT(rejection(elf), Contains("segments 1 and 2 share the page at 0x100000 with "
                                            "different permissions"));
    }
}

TEST_CASE("the entry point must be in an executable segment", "[elf]") {
    TestElf elf = valid_elf();
    SECTION("outside every segment") {
        elf.header.e_entry = 0x50000;
        CHECK_THAT(rejection(elf), Contains("entry point 0x50000 is not inside any PT_LOAD"));
        elf.header.e_entry = 0x100800;  // one past the end of the code
        CHECK_THAT(rejection(elf), Contains("entry point 0x100800 is not inside any PT_LOAD"));
    }
    SECTION("in a non-executable segment") {
        elf.header.e_entry = 0x101010;
        CHECK_THAT(rejection(elf), Contains("entry point 0x101010 is in segment 2, which is not "
                                            "executable"));
    }
}

TEST_CASE("dynamic binaries and binaries without PT_LOAD are rejected", "[elf]") {
    TestElf elf = valid_elf();
    SECTION("PT_INTERP") {
        elf.add(other(PT_INTERP));
        CHECK_THAT(rejection(elf), Contains("segment 4 is PT_INTERP: dynamic binaries"));
    }
    SECTION("PT_DYNAMIC") {
        elf.add(other(PT_DYNAMIC));
        CHECK_THAT(rejection(elf), Contains("segment 4 is PT_DYNAMIC: dynamic binaries"));
    }
    SECTION("no PT_LOAD at all") {
        elf.program_headers = {other(PT_GNU_STACK)};
        elf.header.e_phnum = 1;
        CHECK_THAT(rejection(elf), Contains("no non-empty PT_LOAD segment"));
    }
    SECTION("only empty PT_LOADs") {
        elf.program_headers = {load(0x100000, 0x1000, 0, 0, PF_R | PF_X)};
        elf.header.e_phnum = 1;
        CHECK_THAT(rejection(elf), Contains("no non-empty PT_LOAD segment"));
    }
}

// Whatever parse_elf accepts must be safe for load_elf and the page tables.
void check_invariants(const ElfImage& image, std::size_t file_size) {
    REQUIRE_FALSE(image.segments.empty());
    bool entry_in_code = false;
    uint64_t previous_end = EMBER_IMAGE_BASE;
    for (const ElfSegment& s : image.segments) {
        REQUIRE(s.mem_size > 0);
        REQUIRE(s.gpa >= previous_end);
        REQUIRE(s.mem_size <= kLimit - s.gpa);
        REQUIRE(s.file_size <= s.mem_size);
        REQUIRE(s.file_offset <= file_size);
        REQUIRE(s.file_size <= file_size - s.file_offset);
        REQUIRE_FALSE((s.write && s.execute));
        entry_in_code |= s.execute && image.entry >= s.gpa && image.entry - s.gpa < s.mem_size;
        previous_end = s.gpa + s.mem_size;
    }
    REQUIRE(entry_in_code);
    REQUIRE(image.end >= previous_end);
    REQUIRE(image.end <= kLimit);
}

TEST_CASE("randomly corrupted images are rejected or loaded safely", "[elf]") {
    const std::vector<std::byte> original = valid_elf().bytes();
    constexpr std::size_t kHeaderBytes = sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr);
    std::mt19937_64 rng(0xE1F);
    std::vector<std::byte> memory(kLimit);
    std::size_t accepted = 0;
    for (int round = 0; round < 4000; ++round) {
        std::vector<std::byte> file = original;
        const auto mutations = 1 + rng() % 6;
        for (uint64_t m = 0; m < mutations; ++m) {
            // Mostly the headers: corrupting segment contents changes nothing.
            const auto range = rng() % 4 == 0 ? file.size() : kHeaderBytes;
            file[rng() % range] = static_cast<std::byte>(rng() & 0xff);
        }
        if (rng() % 8 == 0) file.resize(rng() % file.size());
        try {
            const ElfImage image = parse_elf(file, kLimit);
            check_invariants(image, file.size());
            load_elf(image, file, memory);
            ++accepted;
        } catch (const ElfError&) {
            // Rejection is the expected outcome for most corruptions.
        }
    }
    // Some corruptions are harmless (padding, flags, sizes that stay valid).
    CHECK(accepted > 0);
}

}  // namespace ember::sandbox
