// Parsing and matching of allowed_hosts entries (see allowed_hosts.hpp).
#include "fetch/allowed_hosts.hpp"

#include <stdexcept>
#include <string_view>

#include "base/printable.hpp"
#include "fetch/authority.hpp"

namespace ember::fetch {
namespace {

AllowedHost parse_entry(std::string_view text) {
    if (text.empty()) throw std::invalid_argument("an empty entry");
    if (text.find("://") != std::string_view::npos)
        throw std::invalid_argument("write the host without a scheme, as in \"api.example.com\"");
    if (text.find('*') != std::string_view::npos)
        throw std::invalid_argument("wildcards are not supported: list each host");
    if (text.find_first_of("/?#@") != std::string_view::npos)
        throw std::invalid_argument("an entry is a host and an optional port, no path or user");
    const Authority authority = parse_authority(text);
    return AllowedHost{authority.host, authority.host_is_address, authority.port};
}

}  // namespace

bool AllowedHost::allows(const FetchUrl& url) const {
    if (url.host != host || url.host_is_address != host_is_address) return false;
    return url.port == port.value_or(default_port(url.scheme));
}

AllowedHosts AllowedHosts::parse(const std::vector<std::string>& entries) {
    if (entries.size() > max_entries)
        throw std::invalid_argument("allowed_hosts has " + std::to_string(entries.size()) +
                                    " entries, more than " + std::to_string(max_entries));
    AllowedHosts hosts;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        try {
            hosts.entries_.push_back(parse_entry(entries[i]));
        } catch (const std::invalid_argument& e) {
            // The entry comes from a deployer's config and goes back to
            // them in a 400, and into the log: escaped and cut short.
            throw std::invalid_argument("allowed_hosts[" + std::to_string(i) + "] \"" +
                                        printable(entries[i].substr(0, 300)) + "\": " + e.what());
        }
    }
    return hosts;
}

const AllowedHost* AllowedHosts::find(const FetchUrl& url) const {
    for (const AllowedHost& entry : entries_)
        if (entry.allows(url)) return &entry;
    return nullptr;
}

}  // namespace ember::fetch
