// Runs one spec script (a command stream, command_stream.hpp) through the
// engine's public API (wasm/engine/engine.hpp) and writes what became of
// each command (a result stream, result_stream.hpp). Portable like the
// engine: the host runs it in-process (wasm_spec) and the t_wasm_spec guest
// inside a sandbox, and both must give the same results.
//
// State carries over from command to command as the scripts expect: one
// store per script, modules and registrations persist, and what a trap or
// a failed instantiation left in memories and tables stays there.
#pragma once

#include "wasm/engine/vec.hpp"

namespace ember::wasm::spec {

// The same on the host and in the sandbox, so that both runs agree (a
// memory.grow that one allows and the other refuses would not).
struct ExecutorLimits {
    uint64_t memory_limit_bytes = 64ull << 20;
    uint32_t max_call_depth = 10000;
    uint64_t value_stack_slots = 1u << 20;
};

// Sets `results` to the result stream of `commands`. A broken command
// stream ends with a failure that says where (result_stream.hpp).
void run_script(const uint8_t* commands, size_t size, const ExecutorLimits& limits,
                Vec<uint8_t>& results);

}  // namespace ember::wasm::spec
