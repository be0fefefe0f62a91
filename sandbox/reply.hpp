// A call's reply: what the guest left in its call page (struct ember_reply)
// when it reported the call done, decoded once and checked, since the guest
// wrote every byte of it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "sandbox/guest_error.hpp"
#include "sandbox/guest_memory.hpp"
#include "sandbox/page_rights.hpp"

namespace ember::sandbox {

struct Reply {
    std::span<const std::byte> output;  // in guest memory: valid until restore()
    uint32_t status = 200;
    std::string content_type;  // empty: the guest set none
};

// Reads struct ember_reply from the call page of `memory`, which must hold
// the call page. The output must lie where ring 3 may read (`rights`) and
// be at most `output_limit` bytes, the status an HTTP status (100..599),
// the content type at most EMBER_CONTENT_TYPE_MAX printable ASCII bytes (it
// becomes an HTTP header); a reply that breaks any of that is a bad_reply.
std::variant<Reply, GuestError> read_reply(const GuestMemory& memory, const PageRights& rights,
                                           uint64_t output_limit);

}  // namespace ember::sandbox
