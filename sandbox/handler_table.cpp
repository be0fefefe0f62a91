// The handler table's checks.
#include "sandbox/handler_table.hpp"

#include <ember/abi.h>

#include <algorithm>
#include <set>

#include "sandbox/guest_view.hpp"

namespace ember::sandbox {

namespace {

bool valid_handler_name(std::string_view name) {
    return !name.empty() && name.size() <= EMBER_HANDLER_NAME_MAX &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
           });
}

GuestError table_error(const std::string& message) {
    return {GuestErrorKind::bad_reply, "guest reported an invalid handler table: " + message};
}

}  // namespace

std::variant<HandlerTable, GuestError> parse_handler_table(const GuestMemory& memory,
                                                           const PageRights& rights, uint64_t table,
                                                           uint64_t count, const CodeRanges& code) {
    if (count == 0) return table_error("no handlers registered");
    if (count > EMBER_HANDLERS_MAX) return table_error(std::to_string(count) + " handlers");
    if (!rights.readable(Gpa{table}, count * sizeof(ember_handler_entry))) {
        return table_error("table outside the guest's readable memory");
    }
    const GuestView guest(memory, rights);
    HandlerTable parsed;
    std::set<std::string, std::less<>> seen;
    std::size_t defaults = 0;
    for (uint64_t i = 0; i < count; ++i) {
        const auto entry =
            memory.read<ember_handler_entry>(Gpa{table + i * sizeof(ember_handler_entry)});
        const auto name = guest.readable(entry.name_gva, entry.name_len);
        const std::string text =
            name ? std::string(reinterpret_cast<const char*>(name->data()), name->size()) : "";
        if (!name || !valid_handler_name(text))
            return table_error("handler " + std::to_string(i) + " has an invalid name");
        if (!seen.insert(text).second)
            return table_error("handler '" + text + "' registered twice");
        const bool in_code = std::any_of(code.begin(), code.end(), [&](const auto& range) {
            return entry.fn_gva >= range.first && entry.fn_gva < range.second;
        });
        if (!in_code) return table_error("handler '" + text + "' is not in executable code");
        if (entry.flags & EMBER_HANDLER_DEFAULT) {
            parsed.default_handler = parsed.handlers.size();
            ++defaults;
        }
        parsed.handlers.push_back({text, entry.fn_gva});
    }
    if (defaults > 1) return table_error("more than one default handler");
    return parsed;
}

}  // namespace ember::sandbox
