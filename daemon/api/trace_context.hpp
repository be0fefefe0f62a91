// W3C Trace Context (https://www.w3.org/TR/trace-context/) for invocations:
// a call continues the caller's trace when its `traceparent` is valid, with
// a new span id of its own, and starts a new trace otherwise. A malformed
// header is ignored, as the specification asks, never an error: the call
// then starts a trace, and the caller's `tracestate` is dropped with it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace ember::daemon {

struct TraceParent {
    std::array<std::byte, 16> trace_id;
    std::array<std::byte, 8> parent_id;
    uint8_t flags = 0;
};

// One traceparent value, strictly: lowercase hex, version 00 exactly 55
// characters; a later version at least that and '-' after it; version ff,
// an all-zero trace id or an all-zero parent id is invalid.
std::optional<TraceParent> parse_traceparent(std::string_view value);

// A tracestate fit to pass on: at most 32 list members of key=value, 512
// characters in all, keys and values of the characters the specification
// allows. Several header lines join with commas; nullopt when invalid.
std::optional<std::string> parse_tracestate(std::string_view joined);

class TraceContext {
  public:
    // From the request's headers: more than one traceparent is invalid.
    static TraceContext for_request(const http::Fields& headers);

    std::string trace_id() const;     // 32 hex digits
    std::string traceparent() const;  // version 00, this call's span as parent
    const std::string& tracestate() const { return tracestate_; }  // empty: none

  private:
    std::array<std::byte, 16> trace_id_{};
    std::array<std::byte, 8> span_id_{};
    uint8_t flags_ = 0;
    std::string tracestate_;
};

}  // namespace ember::daemon
