// CPUID filtering. Bit positions are from the Intel SDM, vol. 2A, "CPUID".
#include "sandbox/x86_64/guest_cpu.hpp"

#include <algorithm>
#include <cstring>

#include "sandbox/kvm/system.hpp"

namespace ember::sandbox::x86_64 {

namespace {

constexpr uint32_t bit(unsigned n) {
    return 1u << n;
}

// Leaf 1.
constexpr uint32_t leaf1_ecx_denied = bit(3) /* MONITOR */ | bit(5) /* VMX */ | bit(6) /* SMX */ |
                                      bit(15) /* PDCM */ | bit(17) /* PCID */ | bit(18) /* DCA */ |
                                      bit(21) /* x2APIC */ | bit(24) /* TSC deadline */ |
                                      bit(31) /* hypervisor present */;
constexpr uint32_t leaf1_ecx_xsave = bit(26), leaf1_ecx_osxsave = bit(27);
constexpr uint32_t leaf1_ecx_avx_family =
    bit(12) /* FMA */ | bit(28) /* AVX */ | bit(29) /* F16C */;

// Leaf 7, subleaf 0 and 1.
constexpr uint32_t leaf7_ebx_denied =
    bit(0) /* FSGSBASE */ | bit(2) /* SGX */ | bit(10) /* INVPCID */ | bit(16) /* AVX512F */ |
    bit(17) /* AVX512DQ */ | bit(21) /* AVX512_IFMA */ | bit(25) /* Intel PT */ |
    bit(26) /* AVX512PF */ | bit(27) /* AVX512ER */ | bit(28) /* AVX512CD */ |
    bit(30) /* AVX512BW */ | bit(31) /* AVX512VL */;
constexpr uint32_t leaf7_ebx_avx2 = bit(5);
constexpr uint32_t leaf7_ecx_denied =
    bit(1) /* AVX512_VBMI */ | bit(3) /* PKU */ | bit(4) /* OSPKE */ | bit(5) /* WAITPKG */ |
    bit(6) /* AVX512_VBMI2 */ | bit(7) /* CET_SS */ | bit(11) /* AVX512_VNNI */ |
    bit(12) /* AVX512_BITALG */ | bit(14) /* AVX512_VPOPCNTDQ */ | bit(16) /* LA57 */ |
    bit(30) /* SGX_LC */;
constexpr uint32_t leaf7_ecx_avx_family = bit(9) /* VAES */ | bit(10) /* VPCLMULQDQ */;
constexpr uint32_t leaf7_edx_denied = bit(2) /* AVX512_4VNNIW */ | bit(3) /* AVX512_4FMAPS */ |
                                      bit(8) /* AVX512_VP2INTERSECT */ | bit(20) /* CET_IBT */ |
                                      bit(22) /* AMX_BF16 */ | bit(23) /* AVX512_FP16 */ |
                                      bit(24) /* AMX_TILE */ | bit(25) /* AMX_INT8 */;
constexpr uint32_t leaf7_1_eax_denied = bit(4) /* AVX_VNNI */ | bit(5) /* AVX512_BF16 */;

// Leaf 0xD, subleaf 1: XSAVES needs IA32_XSS, a supervisor MSR.
constexpr uint32_t leafd_1_eax_xsaves = bit(3);

// The basic and extended leaves the guest sees; every other one (the
// hypervisor's 0x40000000 range, SGX, PT, AMX, ...) is dropped.
bool kept_leaf(uint32_t function) {
    static constexpr uint32_t basic[] = {0x0, 0x1, 0x2, 0x4, 0x7, 0xd};
    if (std::find(std::begin(basic), std::end(basic), function) != std::end(basic)) return true;
    return function >= 0x80000000 && function <= 0x80000008;
}

const kvm_cpuid_entry2* find(const std::vector<kvm_cpuid_entry2>& entries, uint32_t function,
                             uint32_t index) {
    for (const auto& e : entries) {
        if (e.function == function && e.index == index) return &e;
    }
    return nullptr;
}

uint64_t choose_xcr0(const std::vector<kvm_cpuid_entry2>& entries) {
    const kvm_cpuid_entry2* leaf1 = find(entries, 1, 0);
    const kvm_cpuid_entry2* leafd = find(entries, 0xd, 0);
    if (leaf1 == nullptr || leafd == nullptr || (leaf1->ecx & leaf1_ecx_xsave) == 0) return 0;
    uint64_t xcr0 = xcr0_x87 | xcr0_sse;
    if ((leaf1->ecx & bit(28)) != 0 && (leafd->eax & xcr0_avx) != 0) xcr0 |= xcr0_avx;
    return (leafd->eax & xcr0) == xcr0 ? xcr0 : 0;
}

void filter_entry(kvm_cpuid_entry2& e, uint64_t xcr0) {
    const bool avx = (xcr0 & xcr0_avx) != 0;
    if (e.function == 1) {
        e.ecx &= ~leaf1_ecx_denied;
        if (!avx) e.ecx &= ~leaf1_ecx_avx_family;
        if (xcr0 == 0) e.ecx &= ~(leaf1_ecx_xsave | leaf1_ecx_osxsave);
    } else if (e.function == 7 && e.index == 0) {
        e.ebx &= ~leaf7_ebx_denied;
        e.ecx &= ~leaf7_ecx_denied;
        e.edx &= ~leaf7_edx_denied;
        if (!avx) {
            e.ebx &= ~leaf7_ebx_avx2;
            e.ecx &= ~leaf7_ecx_avx_family;
        }
    } else if (e.function == 7 && e.index == 1) {
        e.eax &= ~leaf7_1_eax_denied;
    } else if (e.function == 0xd && e.index == 0) {
        e.eax = static_cast<uint32_t>(xcr0);
        e.edx = 0;
        e.ecx = avx ? 832 : 576;  // legacy area + header (+ the AVX upper halves)
    } else if (e.function == 0xd && e.index == 1) {
        e.eax &= ~leafd_1_eax_xsaves;
        e.ecx = e.edx = 0;
    }
}

}  // namespace

uint64_t GuestCpu::filter(std::vector<kvm_cpuid_entry2>& entries) {
    const uint64_t xcr0 = choose_xcr0(entries);
    std::erase_if(entries, [xcr0](const kvm_cpuid_entry2& e) {
        if (!kept_leaf(e.function)) return true;
        // Leaf 0xD subleaves 2+ describe one state component each.
        if (e.function == 0xd && e.index >= 2)
            return e.index >= 64 || (xcr0 & (1ull << e.index)) == 0;
        return xcr0 == 0 && e.function == 0xd;
    });
    for (auto& e : entries)
        filter_entry(e, xcr0);
    return xcr0;
}

const GuestCpu& GuestCpu::instance() {
    static const GuestCpu cpu;
    return cpu;
}

GuestCpu::GuestCpu() {
    // The entries follow C's 8-byte header (see kvm/system.hpp): C++ places
    // kvm_cpuid2::entries elsewhere.
    const kvm_cpuid2& supported = kvm::System::instance().supported_cpuid();
    std::vector<kvm_cpuid_entry2> entries(supported.nent);
    std::memcpy(entries.data(), reinterpret_cast<const std::byte*>(&supported) + 8,
                entries.size() * sizeof(kvm_cpuid_entry2));
    xcr0_ = filter(entries);
    // kvm_cpuid2 with C's 8-byte header, as KVM_SET_CPUID2 expects it.
    storage_.resize(8 + entries.size() * sizeof(kvm_cpuid_entry2));
    auto* cpuid = reinterpret_cast<kvm_cpuid2*>(storage_.data());
    cpuid->nent = static_cast<uint32_t>(entries.size());
    std::memcpy(storage_.data() + 8, entries.data(), entries.size() * sizeof(kvm_cpuid_entry2));
}

const kvm_cpuid2& GuestCpu::cpuid() const {
    return *reinterpret_cast<const kvm_cpuid2*>(storage_.data());
}

}  // namespace ember::sandbox::x86_64
