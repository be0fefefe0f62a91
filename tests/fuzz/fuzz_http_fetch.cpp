// The host's decoding of http_fetch's argument (capabilities/): struct
// ember_http_request and the four byte strings it points at in 16 pages of
// arbitrary guest memory with arbitrary ring-3 rights, the method and the
// header lines, then the fetch's own URL and header checks. The function's
// allowed_hosts is empty, so every request that decodes is denied before
// any lookup or connection: nothing leaves the process. Beyond not
// crashing: the result is EFAULT, EINVAL or EDENIED; a wrong-sized argument
// or a string ring 3 may not read is EFAULT and logs nothing; a method
// other than GET, POST, PUT, DELETE, a header line without a name, or more
// header lines than a fetch may send is EINVAL before the fetch is reached
// (its log line is the decoder's, not the fetch's); anything else reaches
// the fetch, which refuses it as invalid or denied; and nothing is written,
// neither to guest memory nor into or around the result buffer.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ember/abi.h>

#include "capabilities/fetch_host_function.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "sandbox/page_rights.hpp"

namespace {

using namespace ember;
using ember::fuzz::check;
using ember::fuzz::Input;

constexpr std::size_t pages = 16;
constexpr std::size_t memory_size = pages * EMBER_PAGE_SIZE;
constexpr std::size_t guard = 64;
constexpr std::byte untouched{0xa5};

bool known_method(std::string_view method) {
    return method == "GET" || method == "POST" || method == "PUT" || method == "DELETE";
}

// Why the header lines (split at '\n', less a final '\r', empty ones
// skipped) should be refused before the fetch, or "" when they should not.
std::string_view header_lines_refusal(std::string_view text) {
    std::size_t lines = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (lines == fetch::max_request_headers) return "more than 100 header lines";
        if (line.find(':') == std::string_view::npos || line.front() == ':')
            return "a header line has no ':'";
        ++lines;
    }
    return "";
}

sandbox::HostFunctions& http_fetch() {
    // One Fetcher for the whole run, as emberd has one: it owns threads.
    static sandbox::HostFunctions table = [] {
        sandbox::HostFunctions made;
        capabilities::add_fetch_host_function(made, std::make_shared<fetch::Fetcher>(),
                                              fetch::FetchPolicy{});
        return made;
    }();
    return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    Input in{data, size, memory_size};

    std::vector<std::byte> bytes(memory_size);
    const sandbox::GuestMemory memory(bytes);
    sandbox::PageRights rights(memory_size);
    const uint64_t readable = in.number(2);
    for (std::size_t page = 0; page < pages; ++page) {
        if (readable & (1u << page))
            rights.grant(page * EMBER_PAGE_SIZE, (page + 1) * EMBER_PAGE_SIZE, false);
    }
    const uint64_t fill_at = in.number(2) % memory_size;
    const auto fill = in.bytes(std::min<uint64_t>(in.number(2), memory_size - fill_at));
    std::memcpy(bytes.data() + fill_at, fill.data(), fill.size());
    const std::vector<std::byte> before = bytes;
    const sandbox::GuestView guest(memory, rights);
    const sandbox::HostFunction& function = *http_fetch().find("http_fetch");
    sandbox::GuestLog log;

    while (in.size > 0) {
        // Mostly the struct, with addresses and lengths mostly inside memory;
        // sometimes raw bytes of any size.
        std::vector<std::byte> argument;
        const uint64_t shape = in.number(1);
        if (shape < 0xf0) {
            ember_http_request request;
            for (ember_bytes* field :
                 {&request.method, &request.url, &request.headers, &request.body}) {
                field->gva = in.address();
                field->len = in.length();
            }
            const auto raw = std::as_bytes(std::span(&request, 1));
            argument.assign(raw.begin(), raw.end());
        } else {
            const auto raw = in.bytes(shape % 80);
            argument.assign(raw.begin(), raw.end());
        }
        const std::size_t result_size = in.number(2) % 2048;
        std::vector<std::byte> area(result_size + 2 * guard, untouched);
        const std::span<std::byte> result(area.data() + guard, result_size);

        const std::size_t logged = log.lines().size() + log.dropped();
        const std::size_t kept = log.lines().size();
        sandbox::HostCall call{argument, result, log, guest,
                               std::chrono::steady_clock::now() + std::chrono::seconds(10)};
        const int64_t code = function(call);
        check(code == EMBER_HOSTCALL_EFAULT || code == EMBER_HOSTCALL_EINVAL ||
                  code == EMBER_HOSTCALL_EDENIED,
              "a fetch nothing allows is EFAULT, EINVAL or EDENIED");
        for (const std::byte b : area)
            check(b == untouched, "a failed fetch writes nothing into or around its result");
        check(bytes == before, "http_fetch writes nothing into guest memory");

        if (argument.size() != sizeof(ember_http_request)) {
            check(code == EMBER_HOSTCALL_EFAULT, "a wrong-sized argument is EFAULT");
            check(log.lines().size() + log.dropped() == logged, "EFAULT logs nothing");
            continue;
        }
        ember_http_request request;
        std::memcpy(&request, argument.data(), sizeof request);
        std::string_view text[4];
        bool all_readable = true;
        const ember_bytes* fields[] = {&request.method, &request.url, &request.headers,
                                       &request.body};
        for (std::size_t i = 0; i < 4; ++i) {
            const auto found = guest.readable(fields[i]->gva, fields[i]->len);
            if (!found) {
                all_readable = false;
                break;
            }
            text[i] = {reinterpret_cast<const char*>(found->data()), found->size()};
        }
        if (!all_readable) {
            check(code == EMBER_HOSTCALL_EFAULT, "a string ring 3 may not read is EFAULT");
            check(log.lines().size() + log.dropped() == logged, "EFAULT logs nothing");
            continue;
        }
        check(code != EMBER_HOSTCALL_EFAULT, "readable strings are not EFAULT");
        check(log.lines().size() + log.dropped() == logged + 1, "a failed fetch logs one line");
        const bool line_kept = log.lines().size() == kept + 1;
        const std::string_view line = line_kept ? std::string_view(log.lines().back()) : "";
        if (!known_method(text[0])) {
            check(code == EMBER_HOSTCALL_EINVAL, "a bad method is EINVAL");
            check(
                !line_kept || line == "http_fetch: the method is not one of GET, POST, PUT, DELETE",
                "a bad method never reaches the fetch");
            continue;
        }
        if (const std::string_view refusal = header_lines_refusal(text[2]); !refusal.empty()) {
            check(code == EMBER_HOSTCALL_EINVAL, "bad header lines are EINVAL");
            check(!line_kept || line == "http_fetch: " + std::string(refusal),
                  "bad header lines never reach the fetch");
            continue;
        }
        check(!line_kept ||
                  line.starts_with(code == EMBER_HOSTCALL_EINVAL ? "http_fetch: invalid_request: "
                                                                 : "http_fetch: denied: "),
              "a request that decodes reaches the fetch, which refuses it");
    }
    return 0;
}
