// Linear memory in the runner guest: one block of all the heap the runtime
// does not keep for itself, so memory.grow never moves memory (the
// interpreter keeps its base) and memory_mb bounds the module's memory and
// the runtime together.
#pragma once

#include "wasm/engine/engine.hpp"

namespace ember::wasm {

// The block is taken when memory 0 is first allocated, which instantiation
// does after everything else (globals, tables, element segments), leaving
// `keep` bytes of heap to the runtime. Growing past the block fails, and
// memory.grow returns -1.
const MemoryAllocator& linear_memory_allocator(size_t keep);

}  // namespace ember::wasm
