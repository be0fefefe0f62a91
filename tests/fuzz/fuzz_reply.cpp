// The host's decoding of the reply a guest leaves in its call page when it
// reports a call done (sandbox/reply.hpp): struct ember_reply with any
// bytes, its output mostly pointing into 16 pages of guest memory with
// arbitrary ring-3 rights, against an arbitrary output limit. Beyond not
// crashing: the reply is accepted exactly when its output is within the
// limit and where ring 3 may read, its status 100..599 and its content type
// at most EMBER_CONTENT_TYPE_MAX printable ASCII bytes; an accepted reply is
// the very bytes of guest memory it points at (no copy, nothing outside)
// and the content type as the guest wrote it; a refused one is bad_reply.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include <ember/abi.h>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "sandbox/reply.hpp"

namespace {

using namespace ember;
using ember::fuzz::check;
using ember::fuzz::Input;

constexpr std::size_t pages = 16;
constexpr std::size_t memory_size = pages * EMBER_PAGE_SIZE;
constexpr uint64_t reply_gpa = EMBER_CALL_GPA + offsetof(ember_call_page, reply);

bool printable_ascii(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    Input in{data, size, memory_size};
    std::vector<std::byte> bytes(memory_size);
    const sandbox::GuestMemory memory(bytes);
    sandbox::PageRights rights(memory_size);
    const uint64_t readable = in.number(2);
    const uint64_t writable = in.number(2);
    for (std::size_t page = 0; page < pages; ++page) {
        if (readable & (1u << page))
            rights.grant(page * EMBER_PAGE_SIZE, (page + 1) * EMBER_PAGE_SIZE,
                         (writable & (1u << page)) != 0);
    }
    const uint64_t raw_limit = in.number(4);
    const uint64_t limit = (raw_limit & 0xff) < 0xf0 ? raw_limit % (memory_size + 2) : ~raw_limit;

    ember_reply reply{};
    reply.output_gva = in.address();
    reply.output_len = in.length();
    reply.status = static_cast<uint32_t>(in.number(4));
    const uint64_t type_len = in.number(1);
    reply.content_type_len = type_len < 0xf0
                                 ? static_cast<uint32_t>(type_len % (EMBER_CONTENT_TYPE_MAX + 2))
                                 : static_cast<uint32_t>(in.number(4));
    const auto type = in.bytes(EMBER_CONTENT_TYPE_MAX);
    std::memcpy(reply.content_type, type.data(), type.size());
    // The rest of the input fills memory from the first page; the call
    // page's reply is the one above.
    const auto fill = in.bytes(memory_size);
    std::memcpy(bytes.data(), fill.data(), fill.size());
    memory.write(sandbox::Gpa{reply_gpa}, reply);

    const auto outcome = sandbox::read_reply(memory, rights, limit);
    const bool output_ok = reply.output_len <= limit &&
                           rights.readable(sandbox::Gpa{reply.output_gva}, reply.output_len);
    const bool status_ok = reply.status >= 100 && reply.status <= 599;
    const bool type_ok = reply.content_type_len <= EMBER_CONTENT_TYPE_MAX &&
                         printable_ascii({reply.content_type, reply.content_type_len});
    if (const auto* error = std::get_if<sandbox::GuestError>(&outcome)) {
        check(error->kind == sandbox::GuestErrorKind::bad_reply, "a refused reply is bad_reply");
        check(!error->message.empty(), "a refused reply says why");
        check(!(output_ok && status_ok && type_ok), "a well-formed reply is accepted");
        return 0;
    }
    const sandbox::Reply& accepted = std::get<sandbox::Reply>(outcome);
    check(output_ok && status_ok && type_ok, "an accepted reply is well formed");
    check(accepted.output.size() == reply.output_len, "the output has the reply's length");
    check(accepted.output.empty() || (accepted.output.data() == bytes.data() + reply.output_gva &&
                                      reply.output_gva + accepted.output.size() <= memory_size),
          "the output is the guest memory the reply points at");
    check(accepted.status == reply.status, "the status is the reply's");
    check(accepted.content_type == std::string_view(reply.content_type, reply.content_type_len),
          "the content type is the reply's");
    return 0;
}
