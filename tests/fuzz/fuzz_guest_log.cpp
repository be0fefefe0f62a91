// Log strings: the built-in host function `log` (sandbox/host_functions.cpp)
// on arguments that point into 32 pages of guest memory with arbitrary
// ring-3 rights, bounded as Machine::host_call bounds them, repeated so that
// a call's log reaches its caps (sandbox/guest_log.hpp); then the start of
// each kept line escaped as emberd writes it out (base/printable.hpp).
// Beyond not crashing: `log` returns 0; a line is kept exactly when both
// caps still allow it, and then as the guest sent it; every other line is
// counted as dropped; the log never holds more than max_lines lines or
// max_bytes bytes; and an escaped line has no control character and
// unescapes to the line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <ember/abi.h>

#include "base/printable.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "sandbox/host_functions.hpp"
#include "sandbox/page_rights.hpp"

namespace {

using namespace ember;
using ember::fuzz::check;
using ember::fuzz::Input;
using sandbox::GuestLog;

constexpr std::size_t pages = 32;
constexpr std::size_t memory_size = pages * EMBER_PAGE_SIZE;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// The inverse of printable(): false for an escape it never writes.
bool unescape(std::string_view text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size()) return false;
        switch (text[i]) {
            case '\\':
                out += '\\';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'x': {
                if (text.size() - i < 3) return false;
                const int high = hex_digit(text[i + 1]), low = hex_digit(text[i + 2]);
                if (high < 0 || low < 0) return false;
                out += static_cast<char>(high * 16 + low);
                i += 2;
                break;
            }
            default:
                return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    Input in{data, size, memory_size};
    std::vector<std::byte> bytes(memory_size);
    const sandbox::GuestMemory memory(bytes);
    sandbox::PageRights rights(memory_size);
    const uint64_t readable = in.number(4);
    for (std::size_t page = 0; page < pages; ++page) {
        if (readable & (1u << page))
            rights.grant(page * EMBER_PAGE_SIZE, (page + 1) * EMBER_PAGE_SIZE, false);
    }
    const uint64_t fill_at = in.number(3) % memory_size;
    const auto fill = in.bytes(std::min<uint64_t>(in.number(2), memory_size - fill_at));
    std::memcpy(bytes.data() + fill_at, fill.data(), fill.size());
    const sandbox::GuestView guest(memory, rights);
    const sandbox::HostFunction& log_function = *sandbox::HostFunctions::builtin().find("log");

    GuestLog log;
    std::size_t calls = 0, kept_bytes = 0;
    while (in.size > 0) {
        const uint64_t gva = in.address();
        const uint64_t shape = in.number(1);
        const uint64_t len = shape < 0xc0   ? in.number(2) % 4096
                             : shape < 0xf0 ? in.number(3) % (memory_size + 1)
                                            : in.number(8);
        const uint64_t repeats = in.number(1) % 64 + 1;
        // Machine::host_call refuses an argument ring 3 may not read.
        const auto argument = guest.readable(gva, len);
        if (!argument) continue;
        const std::string_view line(reinterpret_cast<const char*>(argument->data()),
                                    argument->size());
        for (uint64_t i = 0; i < repeats; ++i) {
            const std::size_t lines_before = log.lines().size();
            std::vector<std::byte> result(8);
            sandbox::HostCall call{*argument, result, log, guest};
            check(log_function(call) == 0, "log returns 0");
            ++calls;
            const bool fits = lines_before < GuestLog::max_lines &&
                              line.size() <= GuestLog::max_bytes - kept_bytes;
            check(log.lines().size() == lines_before + (fits ? 1 : 0),
                  "a line is kept exactly when both caps allow it");
            if (fits) {
                kept_bytes += line.size();
                check(log.lines().back() == line, "a kept line is what the guest sent");
            }
            check(log.lines().size() + log.dropped() == calls, "every line is kept or counted");
            check(log.lines().size() <= GuestLog::max_lines, "at most max_lines lines");
            check(kept_bytes <= GuestLog::max_bytes, "at most max_bytes bytes");
        }
    }
    // printable() maps each byte on its own, so the start of a long line
    // tells as much as all of it, at a fraction of the time.
    std::string back;
    for (const std::string& kept : log.lines()) {
        const std::string_view line = std::string_view(kept).substr(0, 4096);
        const std::string escaped = printable(line);
        for (const char c : escaped) {
            const auto byte = static_cast<unsigned char>(c);
            check(byte >= 0x20 && byte != 0x7f, "an escaped line has no control character");
        }
        check(unescape(escaped, back) && back == line, "an escaped line unescapes to the line");
    }
    return 0;
}
