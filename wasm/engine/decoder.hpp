// The binary format: sections in order, every structural rule, and the
// module-level validation rules (limits, index ranges, unique export names,
// start function type, constant expressions, data count). Function bodies
// are left to the compiler.
#pragma once

#include "wasm/engine/error.hpp"
#include "wasm/engine/module.hpp"

namespace ember::wasm {

// Fills `module` (which keeps its own copy of `bytes`). Returns false with
// `error` set: malformed or invalid, with the spec tests' wording.
bool decode_module(const uint8_t* bytes, size_t size, Module& module, Error& error);

}  // namespace ember::wasm
