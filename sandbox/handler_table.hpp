// The handler table a guest reports with READY (rdi its address, rsi its
// count of struct ember_handler_entry), decoded once at boot and checked,
// since the guest wrote every byte of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sandbox/guest_error.hpp"
#include "sandbox/guest_memory.hpp"
#include "sandbox/page_rights.hpp"

namespace ember::sandbox {

struct Handler {
    std::string name;
    uint64_t entry;  // guest address, inside an executable segment
};

// [start, end) of each executable segment of the image.
using CodeRanges = std::vector<std::pair<uint64_t, uint64_t>>;

struct HandlerTable {
    std::vector<Handler> handlers;    // in the guest's order
    std::size_t default_handler = 0;  // the one flagged default, else the first
};

// Reads `count` entries at `table` where ring 3 may read (`rights`). Each
// needs a name of 1..EMBER_HANDLER_NAME_MAX bytes of [A-Za-z0-9_.-], given
// once, and an entry point inside `code`; at most one is the default, and
// there are 1..EMBER_HANDLERS_MAX of them. A table that breaks any of that
// is a bad_reply.
std::variant<HandlerTable, GuestError> parse_handler_table(const GuestMemory& memory,
                                                           const PageRights& rights, uint64_t table,
                                                           uint64_t count, const CodeRanges& code);

}  // namespace ember::sandbox
