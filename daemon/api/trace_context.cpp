// Parsing and continuing W3C traceparent and tracestate.
#include "daemon/api/trace_context.hpp"

#include <algorithm>
#include <cstdio>

#include "base/hex.hpp"
#include "base/random_bytes.hpp"

namespace ember::daemon {

namespace {

constexpr std::size_t version_00_length = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2
constexpr std::size_t max_tracestate_members = 32;
constexpr std::size_t max_tracestate_length = 512;

template <std::size_t N>
bool all_zero(const std::array<std::byte, N>& bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; });
}

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' ||
           c == '/' || c == '@';
}

// simple-key, or tenant-id@system-id: lowercase first, at most 256 (tenant
// 241, system 14) characters.
bool valid_key(std::string_view key) {
    if (key.empty() || key.size() > 256) return false;
    if (!std::all_of(key.begin(), key.end(), is_key_char)) return false;
    const auto at = key.find('@');
    if (at == std::string_view::npos) return key[0] >= 'a' && key[0] <= 'z';
    const std::string_view tenant = key.substr(0, at);
    const std::string_view system = key.substr(at + 1);
    if (system.find('@') != std::string_view::npos) return false;
    if (tenant.empty() || tenant.size() > 241 || system.empty() || system.size() > 14) return false;
    const auto starts_ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    return starts_ok(tenant[0]) && system[0] >= 'a' && system[0] <= 'z';
}

// Printable ASCII but ',' and '=', the last not a space, at most 256.
bool valid_value(std::string_view value) {
    if (value.empty() || value.size() > 256 || value.back() == ' ') return false;
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return c >= 0x20 && c <= 0x7e && c != ',' && c != '='; });
}

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<TraceParent> parse_traceparent(std::string_view value) {
    if (value.size() < version_00_length) return std::nullopt;
    std::array<std::byte, 1> version;
    if (!from_hex(value.substr(0, 2), version) || version[0] == std::byte{0xff})
        return std::nullopt;
    const bool version_00 = version[0] == std::byte{0};
    if (version_00 ? value.size() != version_00_length
                   : value.size() > version_00_length && value[version_00_length] != '-')
        return std::nullopt;
    if (value[2] != '-' || value[35] != '-' || value[52] != '-') return std::nullopt;
    TraceParent parent;
    std::array<std::byte, 1> flags;
    if (!from_hex(value.substr(3, 32), parent.trace_id) ||
        !from_hex(value.substr(36, 16), parent.parent_id) || !from_hex(value.substr(53, 2), flags))
        return std::nullopt;
    if (all_zero(parent.trace_id) || all_zero(parent.parent_id)) return std::nullopt;
    parent.flags = std::to_integer<uint8_t>(flags[0]);
    return parent;
}

std::optional<std::string> parse_tracestate(std::string_view joined) {
    if (joined.size() > max_tracestate_length) return std::nullopt;
    std::string out;
    std::size_t members = 0;
    while (true) {
        const auto comma = joined.find(',');
        const std::string_view member = trim_spaces(joined.substr(0, comma));
        // Empty list members are allowed, and dropped.
        if (!member.empty()) {
            const auto equals = member.find('=');
            if (equals == std::string_view::npos || !valid_key(member.substr(0, equals)) ||
                !valid_value(member.substr(equals + 1)) || ++members > max_tracestate_members)
                return std::nullopt;
            if (!out.empty()) out += ',';
            out += member;
        }
        if (comma == std::string_view::npos) break;
        joined.remove_prefix(comma + 1);
    }
    return out;
}

TraceContext TraceContext::for_request(const http::Fields& headers) {
    std::optional<TraceParent> parent;
    int traceparents = 0;
    std::string tracestate;
    bool first_state = true;
    for (const auto& [name, value] : headers) {
        if (name == "traceparent") {
            ++traceparents;
            parent = parse_traceparent(value);
        } else if (name == "tracestate") {
            if (!first_state) tracestate += ',';
            tracestate += value;
            first_state = false;
        }
    }
    TraceContext context;
    random_bytes(context.span_id_);
    if (traceparents == 1 && parent) {
        context.trace_id_ = parent->trace_id;
        // Only the sampled bit is defined for version 00; the caller's
        // sampling decision carries over.
        context.flags_ = parent->flags & 0x01;
        if (!first_state) context.tracestate_ = parse_tracestate(tracestate).value_or("");
    } else {
        random_bytes(context.trace_id_);
        context.flags_ = 0x01;
    }
    return context;
}

std::string TraceContext::trace_id() const {
    return to_hex(trace_id_);
}

std::string TraceContext::traceparent() const {
    char flags[3];
    std::snprintf(flags, sizeof flags, "%02x", flags_);
    return "00-" + to_hex(trace_id_) + "-" + to_hex(span_id_) + "-" + flags;
}

}  // namespace ember::daemon
