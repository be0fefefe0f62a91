#include "wasm/engine/bulk_ops.hpp"

namespace ember::wasm {

bool table_fill(Table& table, uint64_t at, Slot value, uint64_t count) {
    if (at + count > table.size) return false;
    for (uint64_t i = 0; i < count; ++i)
        table.elements[at + i] = value;
    return true;
}

bool table_copy(Table& dst, uint64_t to, const Table& src, uint64_t from, uint64_t count) {
    if (to + count > dst.size || from + count > src.size) return false;
    if (count) memmove(dst.elements + to, src.elements + from, count * sizeof(Slot));
    return true;
}

bool table_init(Table& table, uint64_t to, const Vec<Slot>& items, uint64_t from, uint64_t count) {
    if (to + count > table.size || from + count > items.size()) return false;
    for (uint64_t i = 0; i < count; ++i)
        table.elements[to + i] = items[from + i];
    return true;
}

bool memory_fill(Memory& memory, uint64_t at, uint8_t value, uint64_t count) {
    if (at + count > memory.size) return false;
    if (count) memset(memory.data + at, value, count);
    return true;
}

bool memory_copy(Memory& memory, uint64_t to, uint64_t from, uint64_t count) {
    if (to + count > memory.size || from + count > memory.size) return false;
    if (count) memmove(memory.data + to, memory.data + from, count);
    return true;
}

bool memory_init(Memory& memory, uint64_t to, Bytes bytes, uint64_t from, uint64_t count) {
    if (to + count > memory.size || from + count > bytes.size) return false;
    if (count) memcpy(memory.data + to, bytes.data + from, count);
    return true;
}

}  // namespace ember::wasm
