#include "sandbox/handler_table.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

using namespace ember::sandbox;
using Catch::Matchers::Contains;

namespace {

constexpr uint64_t page = EMBER_PAGE_SIZE;
constexpr uint64_t code_start = 2 * page, code_end = 3 * page;

// Eight pages: code in page 2, page 3 not readable by ring 3, the table
// from page 4 on and the names from page 6 on.
class ReadyMemory {
  public:
    ReadyMemory() : bytes_(8 * page), memory_(bytes_), rights_(8 * page) {
        rights_.grant(code_start, code_end, false);
        rights_.grant(4 * page, 8 * page, true);
    }

    ember_handler_entry entry(std::string_view name, uint64_t fn = code_start, uint32_t flags = 0) {
        std::memcpy(bytes_.data() + next_name_, name.data(), name.size());
        const ember_handler_entry made{next_name_, fn, static_cast<uint32_t>(name.size()), flags};
        next_name_ += name.size();
        return made;
    }
    void put(const std::vector<ember_handler_entry>& entries) {
        for (std::size_t i = 0; i < entries.size(); ++i)
            memory_.write(Gpa{table + i * sizeof(ember_handler_entry)}, entries[i]);
    }
    std::variant<HandlerTable, GuestError> parse(uint64_t at, uint64_t count) {
        return parse_handler_table(memory_, rights_, at, count, {{code_start, code_end}});
    }
    HandlerTable table_of(const std::vector<ember_handler_entry>& entries) {
        put(entries);
        auto parsed = parse(table, entries.size());
        REQUIRE(std::holds_alternative<HandlerTable>(parsed));
        return std::get<HandlerTable>(parsed);
    }
    std::string error(const std::vector<ember_handler_entry>& entries) {
        put(entries);
        return error_at(table, entries.size());
    }
    std::string error_at(uint64_t at, uint64_t count) {
        const auto parsed = parse(at, count);
        REQUIRE(std::holds_alternative<GuestError>(parsed));
        CHECK(std::get<GuestError>(parsed).kind == GuestErrorKind::bad_reply);
        return std::get<GuestError>(parsed).message;
    }

    static constexpr uint64_t table = 4 * page;

  private:
    std::vector<std::byte> bytes_;
    GuestMemory memory_;
    PageRights rights_;
    uint64_t next_name_ = 6 * page;
};

}  // namespace

TEST_CASE("a handler table gives names, entry points and the default", "[handler_table]") {
    ReadyMemory guest;
    const HandlerTable parsed =
        guest.table_of({guest.entry("echo", code_start + 16),
                        guest.entry("main.v2-x_y", code_end - 1, EMBER_HANDLER_DEFAULT)});
    REQUIRE(parsed.handlers.size() == 2);
    CHECK(parsed.handlers[0].name == "echo");
    CHECK(parsed.handlers[0].entry == code_start + 16);
    CHECK(parsed.handlers[1].name == "main.v2-x_y");
    CHECK(parsed.default_handler == 1);
}

TEST_CASE("without a default flag the first handler is the default", "[handler_table]") {
    ReadyMemory guest;
    CHECK(guest.table_of({guest.entry("a"), guest.entry("b")}).default_handler == 0);
}

TEST_CASE("a handler table has 1 to EMBER_HANDLERS_MAX entries", "[handler_table]") {
    ReadyMemory guest;
    CHECK_THAT(guest.error_at(ReadyMemory::table, 0), Contains("no handlers registered"));
    CHECK_THAT(guest.error_at(ReadyMemory::table, EMBER_HANDLERS_MAX + 1),
               Contains("257 handlers"));
    CHECK_THAT(guest.error_at(ReadyMemory::table, UINT64_MAX), Contains(" handlers"));
}

TEST_CASE("a handler table lies where ring 3 may read", "[handler_table]") {
    ReadyMemory guest;
    CHECK_THAT(guest.error_at(3 * page, 1), Contains("table outside the guest's readable memory"));
    // The second entry would cross into the end of memory.
    CHECK_THAT(guest.error_at(8 * page - sizeof(ember_handler_entry), 2),
               Contains("table outside the guest's readable memory"));
    CHECK_THAT(guest.error_at(UINT64_MAX - 8, 1), Contains("outside"));
}

TEST_CASE("a handler's name is readable, short and plain", "[handler_table]") {
    ReadyMemory guest;
    CHECK_THAT(guest.error({guest.entry("")}), Contains("handler 0 has an invalid name"));
    CHECK_THAT(guest.error({guest.entry("ok"), guest.entry("a b")}),
               Contains("handler 1 has an invalid name"));
    CHECK_THAT(guest.error({guest.entry(std::string(EMBER_HANDLER_NAME_MAX + 1, 'a'))}),
               Contains("invalid name"));
    CHECK(guest.table_of({guest.entry(std::string(EMBER_HANDLER_NAME_MAX, 'a'))}).handlers.size() ==
          1);
    ember_handler_entry unreadable = guest.entry("x");
    unreadable.name_gva = 3 * page;
    CHECK_THAT(guest.error({unreadable}), Contains("handler 0 has an invalid name"));
    unreadable.name_gva = UINT64_MAX;
    CHECK_THAT(guest.error({unreadable}), Contains("handler 0 has an invalid name"));
}

TEST_CASE("a handler is registered once, in code, and one at most is the default",
          "[handler_table]") {
    ReadyMemory guest;
    CHECK_THAT(guest.error({guest.entry("a"), guest.entry("a")}),
               Contains("handler 'a' registered twice"));
    CHECK_THAT(guest.error({guest.entry("a", code_end)}),
               Contains("handler 'a' is not in executable code"));
    CHECK_THAT(guest.error({guest.entry("a", code_start - 1)}), Contains("not in executable code"));
    CHECK_THAT(guest.error({guest.entry("a", code_start, EMBER_HANDLER_DEFAULT),
                            guest.entry("b", code_start, EMBER_HANDLER_DEFAULT)}),
               Contains("more than one default handler"));
}
