// IpAddress: a numeric IPv4 or IPv6 address, the unit the address policy
// judges and the exchange connects to. Plain bytes, so that no header of
// fetch/ needs Asio or the socket headers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ember::fetch {

struct IpAddress {
    enum class Family { v4, v6 };

    Family family = Family::v4;
    // Network byte order; an IPv4 address uses the first 4 bytes, the rest are 0.
    std::array<std::uint8_t, 16> bytes{};

    // "192.0.2.1" (four decimal parts, no leading zeros) or "2001:db8::1"
    // (no brackets, no zone); nullopt for anything else, so that "0x7f.1",
    // "2130706433" and "127.1" are not addresses but (invalid) host names.
    static std::optional<IpAddress> parse(std::string_view text);

    // The canonical text: "192.0.2.1", "2001:db8::1", "::ffff:127.0.0.1".
    std::string to_string() const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

}  // namespace ember::fetch
