// traceparent and tracestate parsing (daemon/api/trace_context): the input's
// first line is a traceparent, the rest, when there is a newline, a tracestate.
// Beyond not crashing: an accepted traceparent has non-zero ids, reads back
// from its own version-00 form, and agrees with the text it came from; an
// accepted tracestate is within its limits and reads back as itself; and a
// request carrying both continues the trace exactly when the parent is valid.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "base/hex.hpp"
#include "daemon/api/trace_context.hpp"
#include "fuzz_check.hpp"

namespace {

using ember::fuzz::check;

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string version_00(const ember::daemon::TraceParent& parent) {
    char flags[3];
    std::snprintf(flags, sizeof flags, "%02x", parent.flags);
    return "00-" + ember::to_hex(parent.trace_id) + "-" + ember::to_hex(parent.parent_id) + "-" +
           flags;
}

void check_traceparent(std::string_view text) {
    const auto parent = ember::daemon::parse_traceparent(text);
    if (!parent) return;
    const std::string trace_id = ember::to_hex(parent->trace_id);
    const std::string parent_id = ember::to_hex(parent->parent_id);
    check(trace_id != std::string(32, '0'), "an accepted trace id is not all zeros");
    check(parent_id != std::string(16, '0'), "an accepted parent id is not all zeros");
    const std::string written = version_00(*parent);
    check(written.substr(2, 53) == text.substr(2, 53),
          "an accepted traceparent's fields are those of its text");
    if (text.starts_with("00")) check(written == text, "a version-00 traceparent reads back as is");
    const auto again = ember::daemon::parse_traceparent(written);
    check(again && again->trace_id == parent->trace_id && again->parent_id == parent->parent_id &&
              again->flags == parent->flags,
          "a traceparent reads back from its version-00 form");
}

std::size_t count_members(std::string_view list) {
    return list.empty() ? 0
                        : 1 + static_cast<std::size_t>(std::count(list.begin(), list.end(), ','));
}

void check_tracestate(std::string_view text) {
    const auto state = ember::daemon::parse_tracestate(text);
    if (!state) return;
    check(state->size() <= 512, "an accepted tracestate has at most 512 characters");
    check(count_members(*state) <= 32, "an accepted tracestate has at most 32 members");
    check(state->find(",,") == std::string::npos && !state->starts_with(',') &&
              !state->ends_with(','),
          "an accepted tracestate has no empty members");
    check(ember::daemon::parse_tracestate(*state) == *state, "a tracestate reads back as itself");
}

void check_request(std::string_view parent_text, std::optional<std::string_view> state_text) {
    ember::http::Fields headers{{"traceparent", std::string(parent_text)}};
    if (state_text) headers.emplace_back("tracestate", std::string(*state_text));
    const auto context = ember::daemon::TraceContext::for_request(headers);
    const std::string trace_id = context.trace_id();
    check(trace_id.size() == 32 && is_lower_hex(trace_id), "a trace id is 32 lowercase hex digits");
    const auto own = ember::daemon::parse_traceparent(context.traceparent());
    check(own.has_value(), "a call's own traceparent is valid");
    check(ember::to_hex(own->trace_id) == trace_id, "a call's traceparent carries its trace id");
    const auto parent = ember::daemon::parse_traceparent(parent_text);
    if (parent) {
        check(trace_id == ember::to_hex(parent->trace_id), "a valid parent's trace continues");
        check(own->flags == (parent->flags & 0x01), "the caller's sampled bit carries over");
        const std::string expected =
            state_text ? ember::daemon::parse_tracestate(*state_text).value_or("") : "";
        check(context.tracestate() == expected, "a valid parent's tracestate passes on checked");
    } else {
        check(context.tracestate().empty(), "without a valid parent, no tracestate passes on");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string_view parent_text = input.substr(0, newline);
    std::optional<std::string_view> state_text;
    if (newline != std::string_view::npos) state_text = input.substr(newline + 1);
    check_traceparent(parent_text);
    if (state_text) check_tracestate(*state_text);
    check_request(parent_text, state_text);
    return 0;
}
