// assert_return's comparison of a result with the script's expectation,
// and the text of values in failure reasons (never an address: a funcref
// prints as "ref.func", so that host and sandbox runs agree).
#pragma once

#include "tests/wasm/spec/command_stream.hpp"
#include "wasm/engine/types.hpp"

namespace ember::wasm::spec {

struct Expected {
    ValType type = ValType::i32;
    ValueMatch match = ValueMatch::exact;
    Slot slot = 0;
};

// Whether a result of `type` holding `slot` is what `expected` asks for.
// The slot must hold the value as types.hpp says (an i32 zero-extended),
// so an exact match compares all 64 bits.
bool value_matches(const Expected& expected, ValType type, Slot slot);

// "i32 0x0000002a", "f64 0x7ff8000000000000", "ref.extern 3", "ref.null func".
int format_value(ValType type, Slot slot, char* buf, size_t cap);
// The same, or "f32 nan:canonical", "f64 nan:arithmetic", "non-null funcref".
int format_expected(const Expected& expected, char* buf, size_t cap);

}  // namespace ember::wasm::spec
