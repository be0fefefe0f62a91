// The bulk instructions on tables and memory (fill, copy, init), bounds
// checked as the spec says: the whole range or nothing. Instantiation's
// active segments are table.init and memory.init too, so both use these.
#pragma once

#include "wasm/engine/runtime.hpp"

namespace ember::wasm {

// Each returns false, having written nothing, when a range is out of bounds.
bool table_fill(Table& table, uint64_t at, Slot value, uint64_t count);
bool table_copy(Table& dst, uint64_t to, const Table& src, uint64_t from, uint64_t count);
bool table_init(Table& table, uint64_t to, const Vec<Slot>& items, uint64_t from, uint64_t count);
bool memory_fill(Memory& memory, uint64_t at, uint8_t value, uint64_t count);
bool memory_copy(Memory& memory, uint64_t to, uint64_t from, uint64_t count);
bool memory_init(Memory& memory, uint64_t to, Bytes bytes, uint64_t from, uint64_t count);

}  // namespace ember::wasm
