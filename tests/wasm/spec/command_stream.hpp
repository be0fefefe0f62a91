// The spec-test command stream: one .wast script, converted on the host
// (script_converter.hpp) into a compact binary form that the executor
// (executor.hpp) runs, in-process on the host or inside a sandbox, where
// there is no JSON parser and no file system.
//
// Little-endian, no padding. A string is a u32 length and its bytes (not
// NUL-terminated); an empty module name means "the latest module".
//
//   stream     := u32 magic, u32 version, u32 command_count, command*
//   command    := u8 CommandKind, u32 line (in the .wast), body
//   body of
//     module                 string name, string binary
//     register_module        string as, string name
//     action                 action
//     assert_return          action, u32 count, expected*
//     assert_trap            action, string text
//     assert_exhaustion      action, string text
//     assert_invalid         string binary, string text
//     assert_malformed       string binary, string text
//     assert_unlinkable      string binary, string text
//     assert_uninstantiable  string binary, string text
//     excluded               u8 CommandKind (the original), string why
//   action     := u8 ActionKind, string module, string field, u32 arg_count, value*
//   value      := u8 ValType, u64 slot
//   expected   := u8 ValType, u8 ValueMatch, u64 slot
//
// Values are slots as the engine represents them (types.hpp): i32 and f32
// zero-extended, floats as their bits, `ref.null` 0 and `ref.extern N` N+1
// (the host value N of the script, made nonzero).
#pragma once

#include <stdint.h>

namespace ember::wasm::spec {

inline constexpr uint32_t command_stream_magic = 0x54535745;  // "EWST"
inline constexpr uint32_t command_stream_version = 1;

enum class CommandKind : uint8_t {
    module = 1,
    register_module,
    action,
    assert_return,
    assert_trap,
    assert_exhaustion,
    assert_invalid,
    assert_malformed,
    assert_unlinkable,
    assert_uninstantiable,
    // A command the harness cannot run, counted apart: assertions on
    // modules in the text format, which would need a text parser.
    excluded,
};
inline constexpr uint8_t command_kind_last = static_cast<uint8_t>(CommandKind::excluded);

enum class ActionKind : uint8_t { invoke = 1, get };

enum class ValueMatch : uint8_t {
    exact = 1,       // the slot, bit for bit
    canonical_nan,   // nan:canonical of the value's float type
    arithmetic_nan,  // nan:arithmetic: any quiet NaN
    non_null,        // any non-null reference (ref.func, ref.extern without a value)
};

}  // namespace ember::wasm::spec
