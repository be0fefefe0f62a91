#include "wasm/runner/linear_memory.hpp"

#include <ember/guest.h>

namespace ember::wasm {

namespace {

struct Reservation {
    uint8_t* base = nullptr;
    uint64_t capacity = 0;
    bool taken = false;  // by a memory: a module has at most one
};

Reservation reservation;

uint8_t* grow(void* context, uint8_t* base, uint64_t old_bytes, uint64_t new_bytes) {
    auto& r = *static_cast<Reservation*>(context);
    if (base ? base != r.base : r.taken) return nullptr;
    if (new_bytes > r.capacity || old_bytes > new_bytes) return nullptr;
    r.taken = true;
    // New pages read as zero (the spec); malloc's memory need not be.
    memset(r.base + old_bytes, 0, new_bytes - old_bytes);
    return r.base;
}

void release(void* context, uint8_t* base) {
    auto& r = *static_cast<Reservation*>(context);
    if (base == r.base) r.taken = false;
}

const MemoryAllocator allocator{grow, release, &reservation};

}  // namespace

const MemoryAllocator& reserve_linear_memory(size_t keep, uint64_t& capacity) {
    size_t size = 0;
    void* block = ember_heap_take_rest(keep, &size);
    // Page-aligned in size only: the engine needs no more of the base.
    reservation.base = static_cast<uint8_t*>(block);
    reservation.capacity = size / page_size * page_size;
    capacity = reservation.capacity;
    return allocator;
}

}  // namespace ember::wasm
