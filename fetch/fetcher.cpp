// The fetch: the allow-list, the address policy and the redirects around
// one exchange per hop (see fetcher.hpp).
#include "fetch/fetcher.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "fetch/address_policy.hpp"

namespace ember::fetch {
namespace {

FetchResult failure(FetchStatus status, std::string message) {
    return FetchResult{status, std::move(message), {}};
}

bool is_redirect(unsigned code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; };
        return lower(x) == lower(y);
    });
}

const std::string* find_header(const FetchResponse& response, std::string_view lower_name) {
    for (const auto& [name, value] : response.headers)
        if (name == lower_name) return &value;
    return nullptr;
}

void erase_headers(HeaderFields& headers, std::initializer_list<std::string_view> names) {
    std::erase_if(headers, [&](const auto& field) {
        return std::any_of(names.begin(), names.end(),
                           [&](std::string_view name) { return iequals(field.first, name); });
    });
}

// What the next hop sends, after a `code` redirect from `from` to `to`.
void follow(OutgoingRequest& request, unsigned code, const FetchUrl& from, const FetchUrl& to) {
    const bool becomes_get =
        code == 303 || ((code == 301 || code == 302) && request.method == FetchMethod::post);
    if (becomes_get) {
        request.method = FetchMethod::get;
        request.body = {};
        erase_headers(request.headers,
                      {"content-type", "content-encoding", "content-language", "content-location"});
    }
    if (from.origin() != to.origin())
        erase_headers(request.headers, {"authorization", "cookie", "proxy-authorization"});
}

// The addresses of `addresses` a name entry may connect to: the public ones.
FetchResult keep_public(const FetchUrl& url, std::vector<IpAddress>& addresses) {
    std::string refused;
    std::erase_if(addresses, [&](const IpAddress& address) {
        const auto range = special_purpose_range(address);
        if (range && refused.empty()) refused = address.to_string() + " is " + std::string(*range);
        return range.has_value();
    });
    if (addresses.empty())
        return failure(FetchStatus::denied,
                       url.host + " resolves to no public address (" + refused +
                           "); list the address itself in allowed_hosts to reach it");
    return {};
}

}  // namespace

Fetcher::Fetcher(FetcherOptions options)
    : resolver_(options.resolver_threads, std::move(options.lookup)),
      exchanger_(options.extra_ca_file) {}

FetchResult Fetcher::fetch(const FetchRequest& request, const FetchPolicy& policy,
                           std::chrono::steady_clock::time_point deadline) {
    FetchUrl url;
    try {
        url = parse_fetch_url(request.url);
        check_request_headers(request.headers);
    } catch (const std::invalid_argument& e) {
        return failure(FetchStatus::invalid_request, e.what());
    }
    OutgoingRequest outgoing{request.method, request.headers, request.body};
    if (policy.allowed_hosts.find(url) == nullptr)
        return failure(FetchStatus::denied, url.host_and_port() + " is not in allowed_hosts");
    for (unsigned redirects = 0;; ++redirects) {
        FetchResult result = fetch_once(url, outgoing, policy, deadline);
        if (result.status != FetchStatus::ok || !is_redirect(result.response.status_code))
            return result;
        const std::string* location = find_header(result.response, "location");
        if (location == nullptr) return result;
        if (redirects == policy.max_redirects)
            return failure(FetchStatus::protocol_error,
                           "more than " + std::to_string(policy.max_redirects) + " redirects");
        FetchUrl next;
        try {
            next = resolve_location(url, *location);
        } catch (const std::invalid_argument& e) {
            return failure(FetchStatus::protocol_error,
                           url.host_and_port() + " redirected to an invalid " + e.what());
        }
        if (policy.allowed_hosts.find(next) == nullptr)
            return failure(FetchStatus::denied, url.host_and_port() + " redirected to " +
                                                    next.host_and_port() +
                                                    ", which is not in allowed_hosts");
        follow(outgoing, result.response.status_code, url, next);
        url = std::move(next);
    }
}

FetchResult Fetcher::fetch_once(const FetchUrl& url, const OutgoingRequest& request,
                                const FetchPolicy& policy,
                                std::chrono::steady_clock::time_point deadline) {
    std::vector<IpAddress> addresses;
    if (url.host_is_address) {
        // The entry that allowed it is this very address (names never match
        // addresses), so its range does not matter: the deployer chose it.
        addresses.push_back(*IpAddress::parse(url.host));
    } else {
        HostResolver::Answer answer = resolver_.resolve(url.host, deadline);
        if (answer.status != FetchStatus::ok) return failure(answer.status, answer.message);
        addresses = std::move(answer.addresses);
        if (FetchResult kept = keep_public(url, addresses); kept.status != FetchStatus::ok)
            return kept;
    }
    const ExchangeLimits limits{policy.max_response_bytes, policy.connect_timeout,
                                policy.read_timeout, deadline};
    return exchanger_.exchange(url, addresses, request, limits);
}

}  // namespace ember::fetch
