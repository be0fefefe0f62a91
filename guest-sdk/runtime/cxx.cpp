// C++ support for guests: operator new/delete on the runtime's heap and the
// few ABI hooks g++ emits calls to. No exceptions, no RTTI, no destructors at
// exit (a guest never exits: its VM is restored to the snapshot instead).
#include <ember/guest.h>

#include <new>

const std::nothrow_t std::nothrow{};

namespace {
// Without exceptions, the throwing forms of new cannot report failure:
// running out of guest memory ends the call.
void* allocate(size_t size) {
    void* p = malloc(size);
    if (!p) ember_abort("operator new: out of guest memory");
    return p;
}

// malloc aligns to 16; larger alignments over-allocate and keep the pointer
// malloc returned in the word just below the aligned block.
constexpr size_t malloc_alignment = 16;

void* allocate_aligned(size_t size, std::align_val_t align, bool nothrow) {
    size_t a = static_cast<size_t>(align);
    if (a <= malloc_alignment) return nothrow ? malloc(size) : allocate(size);
    size_t total;
    char* raw =
        __builtin_add_overflow(size, a, &total) ? nullptr : static_cast<char*>(malloc(total));
    if (!raw) {
        if (nothrow) return nullptr;
        ember_abort("operator new: out of guest memory");
    }
    char* p = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(raw) + a) & ~(a - 1));
    reinterpret_cast<void**>(p)[-1] = raw;
    return p;
}

void free_aligned(void* p, std::align_val_t align) {
    if (p && static_cast<size_t>(align) > malloc_alignment) p = static_cast<void**>(p)[-1];
    free(p);
}
}  // namespace

void* operator new(size_t size) {
    return allocate(size);
}
void* operator new[](size_t size) {
    return allocate(size);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
    return malloc(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
    return malloc(size);
}
void operator delete(void* p) noexcept {
    free(p);
}
void operator delete[](void* p) noexcept {
    free(p);
}
void operator delete(void* p, size_t) noexcept {
    free(p);
}
void operator delete[](void* p, size_t) noexcept {
    free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    free(p);
}

void* operator new(size_t size, std::align_val_t a) {
    return allocate_aligned(size, a, false);
}
void* operator new[](size_t size, std::align_val_t a) {
    return allocate_aligned(size, a, false);
}
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, a, true);
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, a, true);
}
void operator delete(void* p, std::align_val_t a) noexcept {
    free_aligned(p, a);
}
void operator delete[](void* p, std::align_val_t a) noexcept {
    free_aligned(p, a);
}
void operator delete(void* p, size_t, std::align_val_t a) noexcept {
    free_aligned(p, a);
}
void operator delete[](void* p, size_t, std::align_val_t a) noexcept {
    free_aligned(p, a);
}
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
    free_aligned(p, a);
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
    free_aligned(p, a);
}

extern "C" {
void* __dso_handle = &__dso_handle;

// Destructors of globals would run at exit, which never comes.
int __cxa_atexit(void (*)(void*), void*, void*) {
    return 0;
}
int atexit(void (*)(void)) {
    return 0;
}

void __cxa_pure_virtual() {
    ember_abort("pure virtual function called");
}
void __cxa_deleted_virtual() {
    ember_abort("deleted virtual function called");
}
}
