// Untrusted text made safe to write into a log or a terminal: one line, no
// control characters.
#pragma once

#include <string>
#include <string_view>

namespace ember {

// Control characters (below 0x20, and DEL) become \n, \r, \t or \xNN, and a
// backslash becomes \\, so the result is one line that cannot move a cursor
// or start a forged log line, and reads back unambiguously. Other bytes,
// UTF-8 included, pass unchanged.
std::string printable(std::string_view text);

}  // namespace ember
