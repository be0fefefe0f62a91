// The special-purpose address ranges (IANA's IPv4 and IPv6 Special-Purpose
// Address Registries, RFC 6890 and its updates), see address_policy.hpp.
#include "fetch/address_policy.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>

namespace ember::fetch {
namespace {

struct Range {
    std::array<std::uint8_t, 16> prefix;
    unsigned prefix_bits;
    std::string_view name;
};

bool in_range(const std::array<std::uint8_t, 16>& bytes, const Range& range) {
    for (unsigned bit = 0; bit < range.prefix_bits; ++bit) {
        const unsigned byte = bit / 8;
        const auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
        if ((bytes[byte] & mask) != (range.prefix[byte] & mask)) return false;
    }
    return true;
}

std::optional<std::string_view> find(const std::array<std::uint8_t, 16>& bytes,
                                     std::initializer_list<Range> ranges) {
    for (const Range& range : ranges)
        if (in_range(bytes, range)) return range.name;
    return std::nullopt;
}

std::optional<std::string_view> special_v4(const std::array<std::uint8_t, 16>& bytes) {
    return find(bytes, {
                           {{0}, 8, "\"this network\" (0.0.0.0/8)"},
                           {{10}, 8, "private (10.0.0.0/8)"},
                           {{100, 64}, 10, "shared address space, CGNAT (100.64.0.0/10)"},
                           {{127}, 8, "loopback (127.0.0.0/8)"},
                           {{169, 254}, 16, "link-local (169.254.0.0/16)"},
                           {{172, 16}, 12, "private (172.16.0.0/12)"},
                           {{192, 0, 0}, 24, "IETF protocol assignments (192.0.0.0/24)"},
                           {{192, 0, 2}, 24, "documentation (192.0.2.0/24)"},
                           {{192, 88, 99}, 24, "6to4 relay anycast (192.88.99.0/24)"},
                           {{192, 168}, 16, "private (192.168.0.0/16)"},
                           {{198, 18}, 15, "benchmarking (198.18.0.0/15)"},
                           {{198, 51, 100}, 24, "documentation (198.51.100.0/24)"},
                           {{203, 0, 113}, 24, "documentation (203.0.113.0/24)"},
                           {{224}, 4, "multicast (224.0.0.0/4)"},
                           {{240}, 4, "reserved or broadcast (240.0.0.0/4)"},
                       });
}

// The IPv4 address at `offset` in an IPv6 address, as an IPv4 address.
std::array<std::uint8_t, 16> embedded_v4(const std::array<std::uint8_t, 16>& bytes,
                                         std::size_t offset) {
    std::array<std::uint8_t, 16> v4{};
    for (std::size_t i = 0; i < 4; ++i)
        v4[i] = bytes[offset + i];
    return v4;
}

const Range ipv4_mapped{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, ""};
const Range nat64{{0x00, 0x64, 0xff, 0x9b}, 96, ""};
const Range six_to_four{{0x20, 0x02}, 16, ""};
const Range global_unicast{{0x20}, 3, ""};

std::optional<std::string_view> special_v6(const std::array<std::uint8_t, 16>& bytes) {
    if (in_range(bytes, ipv4_mapped) || in_range(bytes, nat64))
        return special_v4(embedded_v4(bytes, 12));
    if (in_range(bytes, six_to_four)) return special_v4(embedded_v4(bytes, 2));
    if (!in_range(bytes, global_unicast)) {
        const auto named =
            find(bytes,
                 {
                     {{}, 128, "unspecified (::/128)"},
                     {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback (::1/128)"},
                     {{0xfc}, 7, "unique local (fc00::/7)"},
                     {{0xfe, 0x80}, 10, "link-local (fe80::/10)"},
                     {{0xfe, 0xc0}, 10, "site-local (fec0::/10)"},
                     {{0xff}, 8, "multicast (ff00::/8)"},
                 });
        return named ? named : "not global unicast (outside 2000::/3)";
    }
    return find(bytes, {
                           {{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation (2001:db8::/32)"},
                           {{0x20, 0x01}, 23, "IETF protocol assignments (2001::/23)"},
                           {{0x3f, 0xff}, 20, "documentation (3fff::/20)"},
                       });
}

}  // namespace

std::optional<std::string_view> special_purpose_range(const IpAddress& address) {
    return address.family == IpAddress::Family::v4 ? special_v4(address.bytes)
                                                   : special_v6(address.bytes);
}

}  // namespace ember::fetch
