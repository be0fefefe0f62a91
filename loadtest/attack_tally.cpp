// The text of an attack's tally (see attack_tally.hpp).
#include "loadtest/attack_tally.hpp"

#include <cstdio>
#include <initializer_list>
#include <string_view>

namespace ember::loadtest {
namespace {

std::string seconds(double us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", us / 1e6);
    return text;
}

std::string bytes_text(uint64_t bytes) {
    char text[32];
    if (bytes >= 1000 * 1000)
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    else
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    return text;
}

// Appends each piece in turn, where GCC 12 at -O3 reports a false overlap
// (-Wrestrict, bug 105329) in `"literal" + std::string`.
void append(std::string& text, std::initializer_list<std::string_view> pieces) {
    for (std::string_view piece : pieces)
        text.append(piece);
}

}  // namespace

std::string describe(const AttackTally& tally) {
    std::string text;
    append(text, {"  connections ", std::to_string(tally.connections)});
    if (tally.connect_failures > 0)
        append(text, {", connect failures ", std::to_string(tally.connect_failures),
                      " (last: ", tally.last_connect_error, ")"});
    append(text, {", bytes sent ", bytes_text(tally.bytes_sent), ", answers:"});
    if (tally.answers.empty()) text += " none";
    for (const auto& [status, count] : tally.answers)
        append(text, {" ", std::to_string(status), " x ", std::to_string(count)});
    append(text, {"\n  server closed ", std::to_string(tally.server_closes)});
    if (tally.server_closes > 0)
        append(text, {" after ", seconds(static_cast<double>(tally.held_us.min())), " .. ",
                      seconds(static_cast<double>(tally.held_us.max())), " (median ",
                      seconds(tally.held_us.percentile(50)), ")"});
    append(text, {"; the client closed ", std::to_string(tally.client_closes), "; open at the end ",
                  std::to_string(tally.open_at_end), "\n"});
    if (!tally.events.empty()) {
        text += " ";
        for (const auto& [event, count] : tally.events)
            append(text, {" ", event, " ", std::to_string(count), ";"});
        text.back() = '\n';
    }
    return text;
}

}  // namespace ember::loadtest
