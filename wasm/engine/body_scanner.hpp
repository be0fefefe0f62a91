// Decodes function bodies without validating them: the binary format's
// rules only. The spec decodes a whole module before it validates it, so a
// malformed body anywhere outranks an invalid one; the compiler validates as
// it decodes, and after a validation error asks this scanner whether the
// module is malformed after all.
#pragma once

#include "wasm/engine/error.hpp"
#include "wasm/engine/module.hpp"

namespace ember::wasm {

// The first malformed body from function `first` (a defined function's
// index among Module::functions) on; false when there is none.
bool find_malformed_body(const Module& module, uint32_t first, Error& error);

// The error for a body that ends before its final `end`, worded as the
// reference interpreter, which decodes on past the body, sees it: the end
// of the module, a section id 0x0b read as `end`, or anything else.
const char* missing_end_message(const Module& module, const Function& function);

}  // namespace ember::wasm
