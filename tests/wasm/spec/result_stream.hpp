// The spec-test result stream: what the executor (executor.hpp) says about
// each command of a command stream (command_stream.hpp), in the same order.
// The host and the sandbox runs of one script must give the same bytes, so
// reasons never hold addresses (a funcref prints as "ref.func").
//
//   stream  := u32 magic, u32 version, u32 result_count, result*
//   result  := u8 CommandKind, u8 Outcome, u32 line, string reason
//
// A reason is empty for a pass, and at most max_reason_bytes otherwise. When
// the command stream itself is broken, the last result is a failure of kind
// 0 whose reason says where.
#pragma once

#include <stdint.h>

namespace ember::wasm::spec {

inline constexpr uint32_t result_stream_magic = 0x52535745;  // "EWSR"
inline constexpr uint32_t result_stream_version = 1;
inline constexpr uint32_t max_reason_bytes = 240;

enum class Outcome : uint8_t { pass = 1, fail, excluded };

}  // namespace ember::wasm::spec
