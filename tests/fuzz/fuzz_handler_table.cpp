// The host's decoding of the handler table a guest reports with READY
// (sandbox/handler_table.hpp): an address and a count of struct
// ember_handler_entry, mostly pointing into 16 pages of guest memory with
// arbitrary ring-3 rights, entries whose names and entry points mostly fall
// inside memory, and up to three executable ranges. Beyond not crashing: the
// table is accepted exactly when it has 1..EMBER_HANDLERS_MAX entries where
// ring 3 may read, each with a readable name of 1..EMBER_HANDLER_NAME_MAX
// bytes of [A-Za-z0-9_.-], no name twice, every entry point inside an
// executable range and at most one default; an accepted table is the
// guest's entries in order with the right default; a refused one is
// bad_reply.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <ember/abi.h>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "sandbox/handler_table.hpp"

namespace {

using namespace ember;
using ember::fuzz::check;
using ember::fuzz::Input;

constexpr std::size_t pages = 16;
constexpr std::size_t memory_size = pages * EMBER_PAGE_SIZE;
constexpr std::size_t entry_size = sizeof(ember_handler_entry);

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
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
    sandbox::CodeRanges code;
    for (uint64_t ranges = in.number(1) % 4; ranges > 0; --ranges) {
        const uint64_t start = in.address();
        code.emplace_back(start, start + in.length());
    }
    const uint64_t table = in.address();
    const uint64_t raw_count = in.number(2);
    const uint64_t count =
        (raw_count & 0xff) < 0xf0 ? raw_count % (EMBER_HANDLERS_MAX + 2) : raw_count << 48;

    // The entries, as far as the input and memory go, then names and
    // anything else from the rest of the input at an offset it chooses.
    std::vector<ember_handler_entry> entries;
    for (uint64_t i = 0; i < count && in.size > 0; ++i) {
        ember_handler_entry entry{};
        entry.name_gva = in.address();
        const uint64_t name_len = in.number(1);
        entry.name_len = name_len < 0xf0 ? static_cast<uint32_t>(name_len % 80)
                                         : static_cast<uint32_t>(in.number(4));
        entry.fn_gva = in.address();
        entry.flags = static_cast<uint32_t>(in.number(1));
        entries.push_back(entry);
    }
    const uint64_t fill_at = in.number(2) % memory_size;
    const auto fill = in.bytes(memory_size - fill_at);
    std::memcpy(bytes.data() + fill_at, fill.data(), fill.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const uint64_t at = table + i * entry_size;
        if (at <= memory_size - entry_size) memory.write(sandbox::Gpa{at}, entries[i]);
    }

    const auto parsed = sandbox::parse_handler_table(memory, rights, table, count, code);

    // What the table should give, worked out independently.
    bool valid = count >= 1 && count <= EMBER_HANDLERS_MAX &&
                 rights.readable(sandbox::Gpa{table}, count * entry_size);
    std::vector<sandbox::Handler> expected;
    std::size_t default_handler = 0, defaults = 0;
    std::set<std::string> names;
    for (uint64_t i = 0; valid && i < count; ++i) {
        ember_handler_entry entry;
        std::memcpy(&entry, bytes.data() + table + i * entry_size, entry_size);
        const bool name_readable = rights.readable(sandbox::Gpa{entry.name_gva}, entry.name_len);
        const std::string name =
            name_readable
                ? std::string(reinterpret_cast<const char*>(bytes.data()) + entry.name_gva,
                              entry.name_len)
                : "";
        valid = name_readable && !name.empty() && name.size() <= EMBER_HANDLER_NAME_MAX &&
                std::all_of(name.begin(), name.end(), name_char) && names.insert(name).second &&
                std::any_of(code.begin(), code.end(), [&](const auto& range) {
                    return entry.fn_gva >= range.first && entry.fn_gva < range.second;
                });
        if (entry.flags & EMBER_HANDLER_DEFAULT) {
            default_handler = expected.size();
            ++defaults;
        }
        expected.push_back({name, entry.fn_gva});
    }
    valid = valid && defaults <= 1;

    if (const auto* error = std::get_if<sandbox::GuestError>(&parsed)) {
        check(error->kind == sandbox::GuestErrorKind::bad_reply, "a refused table is bad_reply");
        check(!error->message.empty(), "a refused table says why");
        check(!valid, "a well-formed table is accepted");
        return 0;
    }
    const sandbox::HandlerTable& accepted = std::get<sandbox::HandlerTable>(parsed);
    check(valid, "an accepted table is well formed");
    check(accepted.handlers.size() == expected.size(), "every entry is a handler");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        check(accepted.handlers[i].name == expected[i].name, "a handler has its entry's name");
        check(accepted.handlers[i].entry == expected[i].entry, "a handler has its entry point");
    }
    check(accepted.default_handler == default_handler,
          "the default is the flagged one, or the first");
    return 0;
}
