#include "sandbox/reply.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

using namespace ember::sandbox;
using Catch::Matchers::Contains;

namespace {

constexpr uint64_t page = EMBER_PAGE_SIZE;
constexpr uint64_t reply_gpa = EMBER_CALL_GPA + offsetof(ember_call_page, reply);

// Eight pages: ring 3 may read the call page and pages 4..7, not page 3.
class ReplyMemory {
  public:
    ReplyMemory() : bytes_(8 * page), memory_(bytes_), rights_(8 * page) {
        rights_.grant(EMBER_CALL_GPA, EMBER_CALL_GPA + page, true);
        rights_.grant(4 * page, 8 * page, true);
        reply.output_gva = 4 * page;
        reply.status = 200;
    }

    std::variant<Reply, GuestError> read(uint64_t limit = 2 * page) {
        memory_.write(Gpa{reply_gpa}, reply);
        return read_reply(memory_, rights_, limit);
    }
    std::string error(uint64_t limit = 2 * page) {
        const auto outcome = read(limit);
        REQUIRE(std::holds_alternative<GuestError>(outcome));
        CHECK(std::get<GuestError>(outcome).kind == GuestErrorKind::bad_reply);
        return std::get<GuestError>(outcome).message;
    }
    void content_type(std::string_view type) {
        std::memcpy(reply.content_type, type.data(), type.size());
        reply.content_type_len = static_cast<uint32_t>(type.size());
    }
    const std::byte* at(uint64_t gpa) const { return bytes_.data() + gpa; }

    ember_reply reply{};

  private:
    std::vector<std::byte> bytes_;
    GuestMemory memory_;
    PageRights rights_;
};

}  // namespace

TEST_CASE("a reply points into guest memory without a copy", "[reply]") {
    ReplyMemory guest;
    guest.reply.output_len = 5;
    guest.reply.status = 404;
    guest.content_type("text/plain; charset=utf-8");
    const auto outcome = guest.read();
    REQUIRE(std::holds_alternative<Reply>(outcome));
    const Reply& reply = std::get<Reply>(outcome);
    CHECK(reply.output.data() == guest.at(4 * page));
    CHECK(reply.output.size() == 5);
    CHECK(reply.status == 404);
    CHECK(reply.content_type == "text/plain; charset=utf-8");
}

TEST_CASE("a reply may be empty and fill its limit exactly", "[reply]") {
    ReplyMemory guest;
    CHECK(std::get<Reply>(guest.read()).output.empty());
    guest.reply.output_len = 2 * page;
    CHECK(std::get<Reply>(guest.read()).output.size() == 2 * page);
    guest.content_type(std::string(EMBER_CONTENT_TYPE_MAX, 'a'));
    CHECK(std::get<Reply>(guest.read()).content_type.size() == EMBER_CONTENT_TYPE_MAX);
}

TEST_CASE("a reply over the output limit is refused", "[reply]") {
    ReplyMemory guest;
    guest.reply.output_len = 2 * page + 1;
    CHECK_THAT(guest.error(), Contains("exceeds the 8192-byte output limit"));
}

TEST_CASE("a reply must lie where ring 3 may read", "[reply]") {
    ReplyMemory guest;
    guest.reply.output_len = 16;
    guest.reply.output_gva = 3 * page;  // a page ring 3 may not read
    CHECK_THAT(guest.error(), Contains("memory the guest may not read"));
    guest.reply.output_gva = 4 * page - 1;  // one byte before the readable pages
    CHECK_THAT(guest.error(), Contains("memory the guest may not read"));
    guest.reply.output_gva = 8 * page - 8;  // runs past the end of memory
    CHECK_THAT(guest.error(), Contains("memory the guest may not read"));
    guest.reply.output_gva = UINT64_MAX - 4;  // wraps around
    CHECK_THAT(guest.error(UINT64_MAX), Contains("memory the guest may not read"));
}

TEST_CASE("a reply's status is an HTTP status", "[reply]") {
    ReplyMemory guest;
    guest.reply.status = 99;
    CHECK_THAT(guest.error(), Contains("reply status 99 is not an HTTP status"));
    guest.reply.status = 600;
    CHECK_THAT(guest.error(), Contains("reply status 600"));
    guest.reply.status = 100;
    CHECK(std::holds_alternative<Reply>(guest.read()));
    guest.reply.status = 599;
    CHECK(std::holds_alternative<Reply>(guest.read()));
}

TEST_CASE("a reply's content type is short printable ASCII", "[reply]") {
    ReplyMemory guest;
    guest.reply.content_type_len = EMBER_CONTENT_TYPE_MAX + 1;
    CHECK_THAT(guest.error(), Contains("content type is too long"));
    guest.reply.content_type_len = UINT32_MAX;
    CHECK_THAT(guest.error(), Contains("content type is too long"));
    guest.content_type("text/plain\r\nSet-Cookie: a=b");
    CHECK_THAT(guest.error(), Contains("control characters"));
    guest.content_type("text/\x7f");
    CHECK_THAT(guest.error(), Contains("control characters"));
    guest.content_type("caf\xc3\xa9");
    CHECK_THAT(guest.error(), Contains("control characters"));
}
