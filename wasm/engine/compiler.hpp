// Function bodies: validates each against the spec's typing rules and
// compiles it into the interpreter's internal code (see code.hpp).
#pragma once

#include "wasm/engine/error.hpp"
#include "wasm/engine/module.hpp"

namespace ember::wasm {

// Sets Function::compiled for every defined function. Returns false with
// `error` set (malformed for a broken encoding, invalid for a typing error).
bool compile_module(Module& module, Error& error);

}  // namespace ember::wasm
