// Linear memory in the runner guest: one block, taken once, of all the heap
// the runtime does not keep for itself, so memory.grow never moves memory
// (the interpreter keeps its base) and memory_mb bounds the module's memory
// and the runtime together.
#pragma once

#include "wasm/engine/engine.hpp"

namespace ember::wasm {

// Takes the block now, leaving `keep` bytes of heap to the runtime; its
// size, in whole pages, is `capacity` (the store's memory_limit_bytes).
// Growing past it fails, and memory.grow returns -1.
const MemoryAllocator& reserve_linear_memory(size_t keep, uint64_t& capacity);

}  // namespace ember::wasm
