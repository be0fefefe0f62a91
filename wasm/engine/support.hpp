// What the engine takes from its platform. The engine is built twice: for
// the host (tests, fuzzing, benchmarks) and freestanding for the Wasm runner
// guest, whose small libc (guest-sdk) has the same memory and string
// functions. No exceptions, no RTTI and no standard containers, so that both
// builds run the same code.
#pragma once

#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#else
#include <ember/libc.h>
#endif

namespace ember::wasm {

// Called when the engine's own bookkeeping (not linear memory, whose growth
// may fail as the spec allows) cannot be allocated. Never returns: the host
// build aborts, the runner guest ends the call with a message.
[[noreturn]] void out_of_memory();

}  // namespace ember::wasm
