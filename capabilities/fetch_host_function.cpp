// http_fetch: the request decoded from guest memory, the response encoded
// into the guest's buffer as far as it fits.
#include "capabilities/fetch_host_function.hpp"

#include <ember/abi.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace ember::capabilities {

namespace {

using sandbox::HostCall;

std::optional<std::string_view> guest_bytes(const HostCall& call, const ember_bytes& bytes) {
    const auto readable = call.guest.readable(bytes.gva, bytes.len);
    if (!readable) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(readable->data()), readable->size());
}

// "Name: value" lines, each ending in "\r\n" or "\n" (the last may end
// without), or why they are refused: a line without a name before a ':',
// or more lines than a fetch may send, where decoding stops so that a
// guest cannot make the host hold its memory many times over as strings.
// The fetch checks names and values itself.
std::variant<fetch::HeaderFields, std::string> parse_header_lines(std::string_view text) {
    fetch::HeaderFields fields;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty()) continue;
        if (fields.size() == fetch::max_request_headers)
            return "more than " + std::to_string(fetch::max_request_headers) + " header lines";
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return "a header line has no ':'";
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        fields.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    return fields;
}

int64_t hostcall_code(fetch::FetchStatus status) {
    using fetch::FetchStatus;
    switch (status) {
        case FetchStatus::ok:
            return 0;
        case FetchStatus::denied:
            return EMBER_HOSTCALL_EDENIED;
        case FetchStatus::invalid_request:
            return EMBER_HOSTCALL_EINVAL;
        case FetchStatus::unreachable:
            return EMBER_HOSTCALL_EUNAVAILABLE;
        case FetchStatus::timeout:
        case FetchStatus::deadline:
            return EMBER_HOSTCALL_ETIMEDOUT;
        case FetchStatus::too_large:
            return EMBER_HOSTCALL_ETOOBIG;
        case FetchStatus::protocol_error:
            return EMBER_HOSTCALL_EPROTO;
    }
    return EMBER_HOSTCALL_EPROTO;
}

// Writes what fits of `bytes` at `offset` of the result buffer.
void put(std::span<std::byte> result, std::size_t offset, std::string_view bytes) {
    if (offset >= result.size()) return;
    const std::size_t n = std::min(bytes.size(), result.size() - offset);
    if (n > 0) std::memcpy(result.data() + offset, bytes.data(), n);
}

int64_t write_response(std::span<std::byte> result, const fetch::FetchResponse& response) {
    std::string headers;
    for (const auto& [name, value] : response.headers)
        headers += name + ": " + value + "\r\n";
    const ember_http_response head{static_cast<uint32_t>(response.status_code),
                                   static_cast<uint32_t>(headers.size()), response.body.size()};
    put(result, 0, {reinterpret_cast<const char*>(&head), sizeof head});
    put(result, sizeof head, headers);
    put(result, sizeof head + headers.size(), response.body);
    return static_cast<int64_t>(sizeof head + headers.size() + response.body.size());
}

}  // namespace

void add_fetch_host_function(sandbox::HostFunctions& table, std::shared_ptr<fetch::Fetcher> fetcher,
                             fetch::FetchPolicy policy) {
    auto shared_policy = std::make_shared<const fetch::FetchPolicy>(std::move(policy));
    table.add("http_fetch", [fetcher, shared_policy](HostCall& call) -> int64_t {
        if (call.argument.size() != sizeof(ember_http_request)) return EMBER_HOSTCALL_EFAULT;
        ember_http_request argument;
        std::memcpy(&argument, call.argument.data(), sizeof argument);
        const auto method = guest_bytes(call, argument.method);
        const auto url = guest_bytes(call, argument.url);
        const auto headers = guest_bytes(call, argument.headers);
        const auto body = guest_bytes(call, argument.body);
        if (!method || !url || !headers || !body) return EMBER_HOSTCALL_EFAULT;

        fetch::FetchRequest request;
        const auto parsed_method = fetch::parse_method(*method);
        if (!parsed_method) {
            call.log.add("http_fetch: the method is not one of GET, POST, PUT, DELETE");
            return EMBER_HOSTCALL_EINVAL;
        }
        auto fields = parse_header_lines(*headers);
        if (const auto* refused = std::get_if<std::string>(&fields)) {
            call.log.add("http_fetch: " + *refused);
            return EMBER_HOSTCALL_EINVAL;
        }
        request.method = *parsed_method;
        request.url = std::string(*url);
        request.headers = std::move(std::get<fetch::HeaderFields>(fields));
        request.body = std::string(*body);
        const fetch::FetchResult fetched = fetcher->fetch(request, *shared_policy, call.deadline);
        if (fetched.status != fetch::FetchStatus::ok) {
            call.log.add("http_fetch: " + std::string(fetch::to_string(fetched.status)) + ": " +
                         fetched.message);
            return hostcall_code(fetched.status);
        }
        return write_response(call.result, fetched.response);
    });
}

}  // namespace ember::capabilities
