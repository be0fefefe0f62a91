// The types of the Wasm 2.0 core (MVP, sign extension, non-trapping
// conversions, multi-value, bulk memory, reference types).
#pragma once

#include "wasm/engine/vec.hpp"

namespace ember::wasm {

// Encoded as in the binary format.
enum class ValType : uint8_t {
    i32 = 0x7f,
    i64 = 0x7e,
    f32 = 0x7d,
    f64 = 0x7c,
    v128 = 0x7b,  // SIMD, not supported: a module using it is refused
    funcref = 0x70,
    externref = 0x6f,
};

inline bool is_ref(ValType t) {
    return t == ValType::funcref || t == ValType::externref;
}
const char* val_type_name(ValType t);

// Every value at run time is one 64-bit slot: i32 zero-extended, floats as
// their bits, references as a pointer (funcref: the Func*) or an externref's
// host-chosen value; 0 is the null reference of either kind.
using Slot = uint64_t;

struct FuncType {
    Vec<ValType> params;
    Vec<ValType> results;
};
bool same_type(const FuncType& a, const FuncType& b);

struct Limits {
    uint64_t min = 0;
    uint64_t max = 0;
    bool has_max = false;
};

struct TableType {
    ValType element = ValType::funcref;
    Limits limits;  // in elements
};

struct MemoryType {
    Limits limits;  // in 64 KiB pages
};

struct GlobalType {
    ValType type = ValType::i32;
    bool is_mutable = false;
};

enum class ExternKind : uint8_t { func = 0, table = 1, memory = 2, global = 3 };

constexpr uint64_t page_size = 65536;
constexpr uint64_t max_pages = 65536;

}  // namespace ember::wasm
