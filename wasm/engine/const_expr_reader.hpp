// Constant expressions, as Wasm 2.0 has them (global initialisers, segment
// offsets, element items): one of i32/i64/f32/f64.const, ref.null, ref.func
// or global.get of an imported immutable global, then `end`.
#pragma once

#include "wasm/engine/module_reader.hpp"

namespace ember::wasm {

// Reads an expression up to and including its `end`; its value must have
// type `expected` ("type mismatch"). A function that ref.func names becomes
// one that function bodies may name too (Module::declared_refs).
ConstExpr read_const_expr(ModuleReader& in, ValType expected);

}  // namespace ember::wasm
