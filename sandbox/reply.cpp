// The reply's checks.
#include "sandbox/reply.hpp"

#include <ember/abi.h>

#include <cstddef>

#include "sandbox/guest_view.hpp"

namespace ember::sandbox {

namespace {

constexpr uint64_t reply_gpa = EMBER_CALL_GPA + offsetof(ember_call_page, reply);

bool valid_content_type(std::string_view type) {
    for (char c : type) {
        if (c < 0x20 || c > 0x7e) return false;  // no CR/LF: it becomes an HTTP header
    }
    return true;
}

}  // namespace

std::variant<Reply, GuestError> read_reply(const GuestMemory& memory, const PageRights& rights,
                                           uint64_t output_limit) {
    const auto raw = memory.read<ember_reply>(Gpa{reply_gpa});
    if (raw.output_len > output_limit) {
        return GuestError{GuestErrorKind::bad_reply,
                          "reply of " + std::to_string(raw.output_len) + " bytes exceeds the " +
                              std::to_string(output_limit) + "-byte output limit"};
    }
    const auto output = GuestView(memory, rights).readable(raw.output_gva, raw.output_len);
    if (!output) {
        return GuestError{GuestErrorKind::bad_reply,
                          "reply points at memory the guest may not read (" + hex(raw.output_gva) +
                              ", " + std::to_string(raw.output_len) + " bytes)"};
    }
    if (raw.status < 100 || raw.status > 599) {
        return GuestError{GuestErrorKind::bad_reply,
                          "reply status " + std::to_string(raw.status) + " is not an HTTP status"};
    }
    if (raw.content_type_len > EMBER_CONTENT_TYPE_MAX) {
        return GuestError{GuestErrorKind::bad_reply, "reply content type is too long"};
    }
    std::string content_type(raw.content_type, raw.content_type_len);
    if (!valid_content_type(content_type)) {
        return GuestError{GuestErrorKind::bad_reply, "reply content type has control characters"};
    }
    return Reply{*output, raw.status, std::move(content_type)};
}

}  // namespace ember::sandbox
