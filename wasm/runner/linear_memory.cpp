#include "wasm/runner/linear_memory.hpp"

#include <ember/guest.h>

namespace ember::wasm {

namespace {

struct Reservation {
    size_t keep = 0;
    uint8_t* base = nullptr;
    uint64_t capacity = 0;  // whole pages
    bool taken = false;     // by a memory: a module has at most one
};

Reservation reservation;

void take_rest_of_heap(Reservation& r) {
    size_t size = 0;
    r.base = static_cast<uint8_t*>(ember_heap_take_rest(r.keep, &size));
    r.capacity = r.base ? size / page_size * page_size : 0;
}

uint8_t* grow(void* context, uint8_t* base, uint64_t old_bytes, uint64_t new_bytes) {
    auto& r = *static_cast<Reservation*>(context);
    if (base ? base != r.base : r.taken) return nullptr;
    if (!r.base) take_rest_of_heap(r);
    if (!r.base) return nullptr;
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

const MemoryAllocator& linear_memory_allocator(size_t keep) {
    reservation.keep = keep;
    return allocator;
}

}  // namespace ember::wasm
