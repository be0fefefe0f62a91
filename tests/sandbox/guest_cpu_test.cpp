#include "sandbox/x86_64/guest_cpu.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ember::sandbox::x86_64;

namespace {

kvm_cpuid_entry2 leaf(uint32_t function, uint32_t index, uint32_t eax, uint32_t ebx, uint32_t ecx,
                      uint32_t edx) {
    kvm_cpuid_entry2 e{};
    e.function = function;
    e.index = index;
    e.eax = eax;
    e.ebx = ebx;
    e.ecx = ecx;
    e.edx = edx;
    return e;
}

const kvm_cpuid_entry2* find(const std::vector<kvm_cpuid_entry2>& entries, uint32_t function,
                             uint32_t index = 0) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const kvm_cpuid_entry2& e) {
        return e.function == function && e.index == index;
    });
    return it == entries.end() ? nullptr : &*it;
}

// A host like the development machines: XSAVE, AVX, AVX-512, a hypervisor.
std::vector<kvm_cpuid_entry2> avx512_host() {
    return {
        leaf(0x0, 0, 0xd, 0, 0, 0),
        leaf(0x1, 0, 0, 0, (1u << 31) | (1u << 28) | (1u << 26) | (1u << 21) | (1u << 5) | 1, 0),
        leaf(0x7, 0, 0, (1u << 16) | (1u << 5) | 1, (1u << 3), 0),
        leaf(0xd, 0, 0xe7, 0, 2688, 0),
        leaf(0xd, 1, 0xf, 0, 0, 0),
        leaf(0xd, 2, 256, 576, 0, 0),
        leaf(0xd, 5, 64, 832, 0, 0),
        leaf(0x40000000, 0, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d),
        leaf(0x40000001, 0, 0xffffffff, 0, 0, 0),
        leaf(0x80000001, 0, 0, 0, 0, 1u << 11),
        leaf(0x14, 0, 1, 0, 0, 0),
    };
}

}  // namespace

TEST_CASE("the guest CPU has no hypervisor leaves and no hypervisor bit", "[guest_cpu]") {
    auto entries = avx512_host();
    GuestCpu::filter(entries);
    for (const auto& e : entries) {
        CHECK_FALSE((e.function >= 0x40000000 && e.function < 0x80000000));
    }
    CHECK(find(entries, 0x14) == nullptr);  // processor trace
    REQUIRE(find(entries, 1) != nullptr);
    CHECK((find(entries, 1)->ecx & (1u << 31)) == 0);
    CHECK((find(entries, 1)->ecx & (1u << 21)) == 0);  // x2APIC
    CHECK((find(entries, 1)->ecx & (1u << 5)) == 0);   // VMX
    CHECK((find(entries, 1)->ecx & 1u) == 1u);         // SSE3 stays
    CHECK(find(entries, 0x80000001) != nullptr);
}

TEST_CASE("AVX stays, AVX-512, PKU and FSGSBASE go", "[guest_cpu]") {
    auto entries = avx512_host();
    const uint64_t xcr0 = GuestCpu::filter(entries);
    CHECK(xcr0 == (xcr0_x87 | xcr0_sse | xcr0_avx));
    CHECK((find(entries, 1)->ecx & (1u << 28)) != 0);  // AVX
    CHECK((find(entries, 7)->ebx & (1u << 5)) != 0);   // AVX2
    CHECK((find(entries, 7)->ebx & (1u << 16)) == 0);  // AVX512F
    CHECK((find(entries, 7)->ebx & 1u) == 0);          // FSGSBASE
    CHECK((find(entries, 7)->ecx & (1u << 3)) == 0);   // PKU
    CHECK(find(entries, 0xd)->eax == xcr0);
    CHECK(find(entries, 0xd)->ecx == 832);
    CHECK((find(entries, 0xd, 1)->eax & (1u << 3)) == 0);  // XSAVES
    CHECK(find(entries, 0xd, 2) != nullptr);               // the AVX component
    CHECK(find(entries, 0xd, 5) == nullptr);               // AVX-512's
}

TEST_CASE("without XSAVE the guest gets x87 and SSE only", "[guest_cpu]") {
    std::vector<kvm_cpuid_entry2> entries = {
        leaf(0x0, 0, 0xd, 0, 0, 0),
        leaf(0x1, 0, 0, 0, (1u << 28) | (1u << 12), 0),
        leaf(0x7, 0, 0, 1u << 5, 0, 0),
        leaf(0xd, 0, 0x7, 0, 832, 0),
    };
    CHECK(GuestCpu::filter(entries) == 0);
    CHECK((find(entries, 1)->ecx & ((1u << 28) | (1u << 12) | (1u << 26))) == 0);
    CHECK((find(entries, 7)->ebx & (1u << 5)) == 0);
    CHECK(find(entries, 0xd) == nullptr);
}
