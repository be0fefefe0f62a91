// AllowedHosts: the hosts and ports a function may fetch from, its
// allowed_hosts config key (a JSON array of strings). Empty by default,
// which allows no outbound access at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fetch/fetch_url.hpp"

namespace ember::fetch {

// One entry: "api.example.com", "api.example.com:8080", "192.0.2.1:8080",
// "[2001:db8::1]:8080".
struct AllowedHost {
    std::string host;  // as in Authority: a lower-case name or a canonical IP address
    bool host_is_address = false;
    // Without a port an entry allows port 80 for http and 443 for https; with
    // one, that port for either scheme.
    std::optional<std::uint16_t> port;

    bool allows(const FetchUrl& url) const;
};

class AllowedHosts {
  public:
    static constexpr std::size_t max_entries = 256;

    AllowedHosts() = default;  // allows nothing

    // Checks every entry (see Authority for the host grammar; no scheme,
    // path or wildcard). Throws std::invalid_argument naming the first bad
    // entry by its index and text, e.g.
    // "allowed_hosts[1] \"*.example.com\": wildcards are not supported".
    static AllowedHosts parse(const std::vector<std::string>& entries);

    // The entry that allows `url`'s host and port, or nullptr. Host names
    // compare case-insensitively (both sides are lower case); an IP address
    // matches only the same address written as an address.
    const AllowedHost* find(const FetchUrl& url) const;

    bool empty() const { return entries_.empty(); }
    const std::vector<AllowedHost>& entries() const { return entries_; }

  private:
    std::vector<AllowedHost> entries_;
};

}  // namespace ember::fetch
