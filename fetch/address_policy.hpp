// The address policy: which addresses a fetch may connect to. Only public,
// globally routable unicast addresses, unless the allowed_hosts entry names
// the address itself. This is what keeps a function from reaching the
// host's loopback services, the cloud's metadata endpoint (169.254.169.254)
// or the private network, also through a listed name whose DNS points there.
#pragma once

#include <optional>
#include <string_view>

#include "fetch/ip_address.hpp"

namespace ember::fetch {

// The special-purpose range `address` is in, named for a message, e.g.
// "loopback (127.0.0.0/8)"; nullopt for a public address. IPv4 addresses
// embedded in IPv6 (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4
// 2002::/16) are judged by their IPv4 address; every IPv6 address outside
// global unicast (2000::/3) is special.
std::optional<std::string_view> special_purpose_range(const IpAddress& address);

}  // namespace ember::fetch
