// The pieces of HTTP/1.1 message heads that both ends of a load run read:
// where a head ends, its header lines, and the numbers in them. Pure
// functions over bytes, shared by ember-load's response reader and
// ember-null-server's request framing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ember::loadtest {

// The offset just past the blank line ("\r\n\r\n") that ends a head, or
// nothing when it has not arrived yet. The search starts at `from` (callers
// that append pass where the previous search stopped, less 3).
std::optional<std::size_t> head_end(std::string_view bytes, std::size_t from = 0);

// ASCII case-insensitive equality, for header names and tokens.
bool iequals(std::string_view a, std::string_view b);

// Whether the comma-separated list `value` holds `token` (case-insensitive):
// "keep-alive, Upgrade" holds "upgrade".
bool has_token(std::string_view value, std::string_view token);

// A decimal number of at most 18 digits and nothing else; what a
// Content-Length may be.
std::optional<uint64_t> parse_decimal(std::string_view text);

// The lines of a head after its first (the request or status line), as
// (name, value) with the value's surrounding blanks trimmed. `head` is the
// head up to and including its blank line, or without it.
class HeaderLines {
  public:
    struct Field {
        std::string_view name;
        std::string_view value;
    };

    explicit HeaderLines(std::string_view head);
    std::string_view first_line() const { return first_line_; }
    // The next field, or nothing at the end. A line without a colon is
    // returned with an empty name, for the caller to reject.
    std::optional<Field> next();

  private:
    std::string_view first_line_;
    std::string_view rest_;
};

}  // namespace ember::loadtest
